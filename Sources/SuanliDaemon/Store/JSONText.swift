/// JSON text for the store's JSON columns, written directly: a batch of thousands of jobs is not worth thousands
/// of `JSONEncoder` runs. Reading goes through GRDB's Codable decoding, which accepts this text.
enum JSONText {
  static func string(_ value: String) -> String {
    var out = "\""
    out.reserveCapacity(value.utf8.count + 2)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func array(_ values: [String]) -> String { "[" + values.map(string).joined(separator: ",") + "]" }

  static func array(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }

  static func object(_ values: [String: String]) -> String {
    "{" + values.keys.sorted().map { string($0) + ":" + string(values[$0]!) }.joined(separator: ",") + "}"
  }

  static func placement(_ placement: StoredPlacement) -> String {
    let model = placement.model.map(string) ?? "null"
    return
      "{\"model\":\(model),\"nodes\":\(array(placement.nodes)),\"cards\":[\(placement.cards.map(array).joined(separator: ","))]}"
  }
}
