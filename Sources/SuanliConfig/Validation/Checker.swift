import SuanliCore

/// Raises configuration errors for one file: `require(condition, at: keyPath, message, hint:)`.
struct Checker {
  let file: String

  func require(_ condition: Bool, at path: String, _ message: @autoclosure () -> String, hint: String? = nil)
    throws(ConfigError)
  {
    guard !condition else { return }
    throw ConfigError(file: file, keyPath: path, message: message(), hint: hint)
  }

  /// `value` within `range`; the message names the bound that was crossed, written as the file would.
  func require<T: BinaryInteger>(
    _ value: T, in range: ClosedRange<T>, at path: String, as notation: Notation = .count(""), hint: String? = nil
  ) throws(ConfigError) {
    let shown = notation.show(value)
    try require(
      value >= range.lowerBound, at: path,
      range.lowerBound == 0
        ? "must not be negative, not \(shown)" : "must be at least \(notation.show(range.lowerBound)), not \(shown)",
      hint: hint)
    try require(
      value <= range.upperBound, at: path, "must be at most \(notation.show(range.upperBound)), not \(shown)",
      hint: hint)
  }

  /// A finite `value` within `range`; `expectation` says what is allowed ("must be between 0 and 1").
  func require(
    _ value: Double, in range: ClosedRange<Double>, at path: String, _ expectation: String, hint: String? = nil
  ) throws(ConfigError) {
    let shown = value.isFinite && value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value))" : "\(value)"
    try require(value.isFinite && range.contains(value), at: path, "\(expectation), not \(shown)", hint: hint)
  }
}

/// How a number is shown in messages: as the configuration file writes it.
enum Notation {
  /// A count of `unit`s ("bytes", "MiB", "cards"; "" for a bare number).
  case count(String)
  /// Seconds, as "2h30m".
  case duration
  /// Thousandths (millicores, millicredits), as a decimal number of `unit`s: 2500 is "2.5 cores".
  case thousandths(String)
  /// MiB, in the largest binary unit that divides it: 16384 is "16G".
  case mebibytes

  func show<T: BinaryInteger>(_ value: T) -> String {
    let value = Int64(truncatingIfNeeded: value)
    switch self {
    case .count(let unit): return unit.isEmpty ? "\(value)" : "\(value) \(unit)"
    case .duration: return Units.describe(seconds: value)
    case .thousandths(let unit): return "\(Credits(millis: value)) \(unit)"
    case .mebibytes:
      guard value != 0 else { return "0" }
      let unit = [("T", Int64(1 << 20)), ("G", 1 << 10)].first { value % $0.1 == 0 }
      return unit.map { "\(value / $0.1)\($0.0)" } ?? "\(value)M"
    }
  }
}
