/// A decimal number held exactly as `mantissa × 10^exponent`, so that "2.5" cores become 2500 millicores and
/// 12.5 credits become 12500 millicredits without any floating-point rounding.
struct ExactDecimal: Hashable, Sendable {
  var mantissa: Int64
  var exponent: Int

  /// Parses `[+-]digits[.digits][e[+-]digits]`; nil for anything else. At most 18 significant digits.
  init?(_ text: Substring) {
    var rest = text[...]
    let negative = rest.first == "-"
    if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
    var exponentPart: Int = 0
    if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      let digits = rest[rest.index(after: e)...]
      guard let value = Int(digits), (-40...40).contains(value) else { return nil }
      exponentPart = value
      rest = rest[..<e]
    }
    let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0]
    var fraction = parts.count > 1 ? parts[1] : ""
    guard !(whole.isEmpty && fraction.isEmpty), parts.count == 1 || !fraction.isEmpty,
      (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    while fraction.last == "0" { fraction = fraction.dropLast() }
    let digits = (whole + fraction).drop { $0 == "0" }
    guard digits.count <= 18 else { return nil }
    let magnitude = Int64(digits.isEmpty ? "0" : String(digits))!
    mantissa = negative ? -magnitude : magnitude
    exponent = exponentPart - fraction.count
  }

  /// The exact decimal value of a TOML float, from its shortest round-trip spelling (0.1 is "0.1").
  init?(_ value: Double) {
    guard value.isFinite else { return nil }
    self.init("\(value)"[...])
  }

  /// `self × numerator / denominator` when that is a whole number that fits; otherwise why not.
  func scaled(by numerator: Int64, dividedBy denominator: Int64 = 1) -> Result<Int64, ScalingFailure> {
    guard mantissa != 0 else { return .success(0) }
    var top = mantissa.multipliedReportingOverflow(by: numerator)
    var bottom = denominator
    if exponent >= 0 {
      for _ in 0..<exponent where !top.overflow { top = top.partialValue.multipliedReportingOverflow(by: 10) }
    } else {
      for _ in 0..<(-exponent) {
        let next = bottom.multipliedReportingOverflow(by: 10)
        guard !next.overflow else { return .failure(.notWhole) }
        bottom = next.partialValue
      }
    }
    guard !top.overflow else { return .failure(.tooLarge) }
    guard top.partialValue % bottom == 0 else { return .failure(.notWhole) }
    return .success(top.partialValue / bottom)
  }

  enum ScalingFailure: Error { case notWhole, tooLarge }
}
