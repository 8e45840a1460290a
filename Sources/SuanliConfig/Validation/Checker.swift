/// Raises configuration errors for one file: `require(condition, at: keyPath, message, hint:)`.
struct Checker {
  let file: String

  func require(_ condition: Bool, at path: String, _ message: @autoclosure () -> String, hint: String? = nil)
    throws(ConfigError)
  {
    guard !condition else { return }
    throw ConfigError(file: file, keyPath: path, message: message(), hint: hint)
  }

  /// `value` within `range`; the message names the bound that was crossed, in `unit`s.
  func require<T: BinaryInteger>(
    _ value: T, in range: ClosedRange<T>, at path: String, unit: String = "", hint: String? = nil
  ) throws(ConfigError) {
    let suffix = unit.isEmpty ? "" : " \(unit)"
    try require(value >= range.lowerBound, at: path, bound("at least", range.lowerBound, value, suffix), hint: hint)
    try require(value <= range.upperBound, at: path, bound("at most", range.upperBound, value, suffix), hint: hint)
  }

  /// A finite `value` within `range`.
  func require(_ value: Double, in range: ClosedRange<Double>, at path: String, hint: String? = nil)
    throws(ConfigError)
  {
    try require(value.isFinite, at: path, "must be a finite number, not \(value)", hint: hint)
    try require(range.contains(value), at: path, "must be within \(range), not \(value)", hint: hint)
  }

  private func bound<T: BinaryInteger>(_ relation: String, _ limit: T, _ value: T, _ suffix: String) -> String {
    limit == 0 && relation == "at least"
      ? "must not be negative, not \(value)\(suffix)" : "must be \(relation) \(limit)\(suffix), not \(value)\(suffix)"
  }
}
