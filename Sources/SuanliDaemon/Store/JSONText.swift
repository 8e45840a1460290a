internal import SuanliAPI

/// JSON text for the store's JSON columns, written directly: a batch of thousands of jobs is not worth thousands
/// of `JSONEncoder` runs. Reading goes through GRDB's Codable decoding, which accepts this text.
enum JSONText {
  static func string(_ value: String) -> String { JSONString.quoted(value) }

  static func array(_ values: [String]) -> String {
    values.isEmpty ? "[]" : "[" + values.map(string).joined(separator: ",") + "]"
  }

  static func array(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }

  static func object(_ values: [String: String]) -> String {
    if values.isEmpty { return "{}" }
    return "{" + values.keys.sorted().map { string($0) + ":" + string(values[$0]!) }.joined(separator: ",") + "}"
  }

  static func placement(_ placement: StoredPlacement) -> String {
    let model = placement.model.map(string) ?? "null"
    return
      "{\"model\":\(model),\"nodes\":\(array(placement.nodes)),\"cards\":[\(placement.cards.map(array).joined(separator: ","))]}"
  }
}
