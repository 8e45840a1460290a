/// A configuration that cannot be used: which file, which key, what is wrong and how to fix it.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file (or `<embedded default>`, or the source name given to ``DaemonConfig/parse(_:source:paths:)``).
  public var file: String
  /// The key in TOML notation, e.g. `enterprise[2].limit.cards.nvidia-h200` (array indices count from 0);
  /// empty when the problem is the file as a whole (unreadable, not TOML).
  public var keyPath: String
  /// What is wrong.
  public var message: String
  /// How to fix it, when there is something useful to say.
  public var hint: String?
  /// Line and column (from 1) of a TOML syntax error.
  public var line: Int?
  public var column: Int?

  public init(
    file: String, keyPath: String, message: String, hint: String? = nil, line: Int? = nil, column: Int? = nil
  ) {
    self.file = file
    self.keyPath = keyPath
    self.message = message
    self.hint = hint
    self.line = line
    self.column = column
  }

  /// `FILE[:LINE[:COLUMN]]: [KEY: ]MESSAGE`, then the hint on its own line.
  public var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    var text = keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    if let hint { text += "\n  hint: \(hint)" }
    return text
  }
}
