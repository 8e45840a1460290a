import TOMLKit

/// A TOML value copied out of TOMLKit's tree into plain Swift values, so that everything after parsing is
/// pure, `Sendable` and independent of the C++ library.
indirect enum ConfigValue: Sendable, Hashable {
  case table([String: ConfigValue])
  case array([ConfigValue])
  case string(String)
  case integer(Int64)
  case float(Double)
  case boolean(Bool)
  /// Dates and times: the configuration uses none, kept as text for error messages.
  case dateTime(String)

  /// "a string", "an integer", …: for "must be X, not Y" messages.
  var kind: String {
    switch self {
    case .table: "a table"
    case .array: "an array"
    case .string: "a string"
    case .integer: "an integer"
    case .float: "a floating-point number"
    case .boolean: "a boolean"
    case .dateTime: "a date or time"
    }
  }

  /// Parses a TOML document into its root table. A syntax error names the line and column.
  static func parseDocument(_ text: String, file: String) throws(ConfigError) -> [String: ConfigValue] {
    guard !text.utf8.contains(0) else {
      throw ConfigError(file: file, keyPath: "", message: "the file contains a NUL byte", hint: "is it a text file?")
    }
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ConfigError(
        file: file, keyPath: "", message: "not valid TOML: \(error.description)",
        hint: "see https://toml.io for the syntax", line: error.source.begin.line > 0 ? error.source.begin.line : nil,
        column: error.source.begin.column > 0 ? error.source.begin.column : nil)
    } catch {
      throw ConfigError(file: file, keyPath: "", message: "not valid TOML: \(error)")
    }
    return entries(of: table)
  }

  private static func entries(of table: TOMLTable) -> [String: ConfigValue] {
    var entries: [String: ConfigValue] = [:]
    for (key, value) in table { entries[key] = ConfigValue(value) }
    return entries
  }

  private init(_ value: any TOMLValueConvertible) {
    switch value.type {
    case .table: self = .table(Self.entries(of: value.table!))
    case .array: self = .array(value.array!.map { ConfigValue($0) })
    case .string: self = .string(value.string!)
    case .int: self = .integer(Int64(value.int!))
    case .double: self = .float(value.double!)
    case .bool: self = .boolean(value.bool!)
    case .date, .time, .dateTime: self = .dateTime(value.debugDescription)
    }
  }
}
