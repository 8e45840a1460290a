internal import Foundation
internal import Glibc
internal import SuanliAPI

/// Writing results: JSON for scripts (with the schema version), tables and text for people.
public enum Output {
  /// Prints `value` as JSON with a `"schema"` field beside its own fields.
  public static func json(_ value: some Encodable) {
    line(String(decoding: APIJSON.encode(Versioned(value: value), pretty: true), as: UTF8.self))
  }

  /// Prints a JSON array under `key`, with the schema version.
  public static func json<T: Encodable>(_ values: [T], key: String) {
    json(KeyedList(key: key, values: values))
  }

  /// Writes a line (or a whole table) at once, unbuffered: progress such as `submit --wait`'s shows as it
  /// happens even through a pipe.
  public static func line(_ text: String) { write(text + "\n", to: 1) }

  public static func error(_ text: String) { write(text + "\n", to: 2) }

  private static func write(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      offset += written
    }
  }

  /// Whether standard output is a terminal (tables are sized to it, colour is allowed).
  public static var isTerminal: Bool { isatty(1) == 1 }

  /// Colour only on a terminal, and never with NO_COLOR set.
  public static var useColor: Bool { isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

  /// The terminal's width, or nil when not a terminal (then nothing is cut).
  public static var terminalWidth: Int? {
    guard isTerminal else { return nil }
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}

/// A value's JSON with `"schema": N` added to its object.
struct Versioned<Value: Encodable>: Encodable {
  var value: Value
  enum Keys: String, CodingKey { case schema }
  func encode(to encoder: any Encoder) throws {
    try value.encode(to: encoder)
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(APIVersion.schema, forKey: .schema)
  }
}

/// `{"<key>": [...]}`.
struct KeyedList<Element: Encodable>: Encodable {
  var key: String
  var values: [Element]
  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: AnyKey.self)
    try container.encode(values, forKey: AnyKey(stringValue: key))
  }
  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
