import SuanliAPI

/// An ordered report of named figures, printed as one JSON object or as an indented table.
struct Report {
  indirect enum Value {
    case int(Int)
    case double(Double, digits: Int)
    /// A number already formatted (e.g. a UInt64 beyond Int's range).
    case number(String)
    case string(String)
    case bool(Bool)
    case object(Report)
  }

  private(set) var fields: [(key: String, value: Value)] = []

  mutating func add(_ key: String, _ value: Value) { fields.append((key, value)) }
  mutating func add(_ key: String, _ value: Int) { add(key, .int(value)) }
  mutating func add(_ key: String, _ value: Double, digits: Int = 3) { add(key, .double(value, digits: digits)) }
  mutating func add(_ key: String, _ value: String) { add(key, .string(value)) }
  mutating func add(_ key: String, _ value: Bool) { add(key, .bool(value)) }
  mutating func add(_ key: String, _ value: Report) { add(key, .object(value)) }

  // MARK: JSON

  func json(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent + 1)
    let lines = fields.map { pad + JSONString.quoted($0.key) + ": " + Self.json($0.value, indent: indent + 1) }
    return "{\n" + lines.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
  }

  private static func json(_ value: Value, indent: Int) -> String {
    switch value {
    case .int(let number): String(number)
    case .double(let number, let digits): number.isFinite ? format(number, digits: digits) : "null"
    case .number(let text): text
    case .string(let text): JSONString.quoted(text)
    case .bool(let flag): flag ? "true" : "false"
    case .object(let report): report.json(indent: indent)
    }
  }

  // MARK: Table

  func table(indent: Int = 0) -> String {
    let width = fields.map(\.key.count).max() ?? 0
    let pad = String(repeating: "  ", count: indent)
    var lines: [String] = []
    for (key, value) in fields {
      let label = pad + key + String(repeating: " ", count: width - key.count)
      switch value {
      case .object(let report): lines.append(pad + key + ":" + "\n" + report.table(indent: indent + 1))
      case .int(let number): lines.append(label + "  " + String(number))
      case .double(let number, let digits): lines.append(label + "  " + Self.format(number, digits: digits))
      case .string(let text), .number(let text): lines.append(label + "  " + text)
      case .bool(let flag): lines.append(label + "  " + (flag ? "yes" : "no"))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Fixed-point formatting without Foundation.
  static func format(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.description }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return value.description }
    let units = Int64(scaled)
    let divisor = Int64(scale)
    let whole = String(units / divisor)
    let sign = value < 0 && units != 0 ? "-" : ""
    guard digits > 0 else { return sign + whole }
    let fraction = String(units % divisor)
    return sign + whole + "." + String(repeating: "0", count: digits - fraction.count) + fraction
  }
}
