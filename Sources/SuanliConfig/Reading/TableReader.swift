/// Reads the keys of one TOML table and remembers which it read, so that any other key (a typo, a key of
/// another version) is an error instead of being silently ignored. Errors carry the file and the key path.
struct TableReader {
  let file: String
  /// This table's key path (empty for the document's root).
  let path: String
  private let entries: [String: ConfigValue]
  private var consumed: Set<String> = []

  init(file: String, path: String, entries: [String: ConfigValue]) {
    self.file = file
    self.path = path
    self.entries = entries
  }

  /// The keys present, sorted (for tables whose keys are names, like `cards`).
  var keys: [String] { entries.keys.sorted() }

  func keyPath(_ key: String) -> String { KeyPath.appending(key, to: path) }

  func problem(_ key: String, _ message: String, hint: String? = nil) -> ConfigError {
    ConfigError(file: file, keyPath: keyPath(key), message: message, hint: hint)
  }

  func typeProblem(_ key: String, expected: String, got value: ConfigValue, hint: String? = nil) -> ConfigError {
    problem(key, "must be \(expected), not \(value.kind)", hint: hint)
  }

  /// The raw value of `key`, marking it read.
  mutating func take(_ key: String) -> ConfigValue? {
    consumed.insert(key)
    return entries[key]
  }

  /// Runs a value parser, turning its complaint into an error at `key`.
  func parsing<T>(_ key: String, _ parse: () throws(ValueProblem) -> T) throws(ConfigError) -> T {
    do {
      return try parse()
    } catch {
      throw problem(key, error.message, hint: error.hint)
    }
  }

  /// Fails on the first key (in sorted order) that was never read, suggesting the closest known key.
  func rejectUnknownKeys(known: [String]) throws(ConfigError) {
    guard let unknown = entries.keys.sorted().first(where: { !consumed.contains($0) }) else { return }
    let where_ = path.isEmpty ? "at the top level" : "in [\(path)]"
    let hint =
      Suggestion.closest(to: unknown, among: known).map { "did you mean \"\($0)\"?" }
      ?? "known keys \(where_): \(known.sorted().joined(separator: ", "))"
    throw problem(unknown, "unknown key \(where_)", hint: hint)
  }

  // MARK: - Plain values

  mutating func string(_ key: String) throws(ConfigError) -> String? {
    guard let value = take(key) else { return nil }
    guard case .string(let text) = value else { throw typeProblem(key, expected: "a string", got: value) }
    return text
  }

  mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
    guard let value = take(key) else { return nil }
    guard case .boolean(let flag) = value else {
      throw typeProblem(key, expected: "true or false", got: value, hint: "write true or false without quotes")
    }
    return flag
  }

  mutating func integer(_ key: String) throws(ConfigError) -> Int64? {
    guard let value = take(key) else { return nil }
    guard case .integer(let number) = value else { throw typeProblem(key, expected: "an integer", got: value) }
    return number
  }

  /// An integer or a float, as a Double (weights, boost).
  mutating func number(_ key: String) throws(ConfigError) -> Double? {
    guard let value = take(key) else { return nil }
    switch value {
    case .integer(let number): return Double(number)
    case .float(let number): return number
    default: throw typeProblem(key, expected: "a number", got: value)
    }
  }

  /// Strings, for lists such as `members`.
  mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
    guard let value = take(key) else { return nil }
    guard case .array(let items) = value else {
      throw typeProblem(key, expected: "an array of strings", got: value, hint: "write [\"alice\", \"@group\"]")
    }
    var strings: [String] = []
    for (index, item) in items.enumerated() {
      guard case .string(let text) = item else {
        throw ConfigError(
          file: file, keyPath: KeyPath.appending(index: index, to: keyPath(key)),
          message: "must be a string, not \(item.kind)")
      }
      strings.append(text)
    }
    return strings
  }

  // MARK: - Nested tables

  /// Reads the table at `key` with `body`, then rejects its unknown keys. Nil when the key is absent.
  mutating func table<T>(
    _ key: String, known: [String], hint: String? = nil, _ body: (inout TableReader) throws(ConfigError) -> T
  ) throws(ConfigError) -> T? {
    guard let value = take(key) else { return nil }
    guard case .table(let entries) = value else { throw typeProblem(key, expected: "a table", got: value, hint: hint) }
    var reader = TableReader(file: file, path: keyPath(key), entries: entries)
    let result = try body(&reader)
    try reader.rejectUnknownKeys(known: known)
    return result
  }

  /// Reads each table of the array of tables at `key` (`[[key]]`) with `body`, rejecting unknown keys.
  mutating func arrayOfTables<T>(
    _ key: String, known: [String], _ body: (inout TableReader) throws(ConfigError) -> T
  ) throws(ConfigError) -> [T] {
    guard let value = take(key) else { return [] }
    let hint = "write each one as [[\(key)]]"
    guard case .array(let items) = value else {
      throw typeProblem(key, expected: "an array of tables", got: value, hint: hint)
    }
    var results: [T] = []
    for (index, item) in items.enumerated() {
      let path = KeyPath.appending(index: index, to: keyPath(key))
      guard case .table(let entries) = item else {
        throw ConfigError(file: file, keyPath: path, message: "must be a table, not \(item.kind)", hint: hint)
      }
      var reader = TableReader(file: file, path: path, entries: entries)
      results.append(try body(&reader))
      try reader.rejectUnknownKeys(known: known)
    }
    return results
  }
}
