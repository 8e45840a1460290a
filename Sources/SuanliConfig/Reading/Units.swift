/// Why a value could not be read, before it is tied to a file and key (see `TableReader`).
public struct ValueProblem: Error, CustomStringConvertible {
  public var message: String
  public var hint: String?
  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// The unit notations people write, in the configuration file and on the command line: durations, byte sizes,
/// CPU amounts and credits.
public enum Units {
  public static let durationHint =
    "write whole seconds (3600) or a string such as \"90s\", \"15m\", \"2h30m\" or \"7d\""
  public static let sizeHint =
    "write a number with a binary unit K, M, G or T (also Ki/KiB, …), e.g. \"512G\" or \"1.5T\""

  /// `"90s"`, `"15m"`, `"2h30m"`, `"1d12h"`, or plain digits as seconds. Units in decreasing order, each once.
  public static func seconds(in text: String) throws(ValueProblem) -> Int64 {
    let units: [(Character, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
    let problem = ValueProblem(message: "\"\(text)\" is not a duration", hint: durationHint)
    if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
      guard let value = Int64(text) else { throw problem }
      return value
    }
    var total: Int64 = 0
    var digits = ""
    var nextUnit = 0
    for character in text {
      if character.isASCII && character.isNumber {
        digits.append(character)
        continue
      }
      guard let position = units[nextUnit...].firstIndex(where: { $0.0 == character }), !digits.isEmpty,
        let count = Int64(digits)
      else { throw problem }
      let part = count.multipliedReportingOverflow(by: units[position].1)
      let sum = total.addingReportingOverflow(part.partialValue)
      guard !part.overflow, !sum.overflow else { throw ValueProblem(message: "\"\(text)\" is too long") }
      total = sum.partialValue
      digits = ""
      nextUnit = position + 1
    }
    guard digits.isEmpty, !text.isEmpty else { throw problem }
    return total
  }

  /// A byte count: a decimal number with an optional binary unit (K, M, G, T, alone or followed by `i` or `iB`).
  /// A number without a unit counts `plainUnit` bytes (1 for byte counts, 1 MiB for memory).
  public static func bytes(in text: String, plainUnit: Int64) throws(ValueProblem) -> Int64 {
    let multipliers: [String: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
    let number = text.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }
    var unit = text[number.endIndex...]
    if unit.hasSuffix("iB") { unit = unit.dropLast(2) } else if unit.hasSuffix("i") { unit = unit.dropLast() }
    let multiplier = unit.isEmpty ? plainUnit : multipliers[String(unit)]
    guard let multiplier, let value = ExactDecimal(number) else {
      let decimalHint = text.hasSuffix("B") && !text.hasSuffix("iB") ? " (units are binary: \"G\" means GiB)" : ""
      throw ValueProblem(message: "\"\(text)\" is not a size\(decimalHint)", hint: sizeHint)
    }
    switch value.scaled(by: multiplier) {
    case .success(let bytes): return bytes
    case .failure(.notWhole): throw ValueProblem(message: "\"\(text)\" is not a whole number of bytes")
    case .failure(.tooLarge): throw ValueProblem(message: "\"\(text)\" is too large")
    }
  }

  /// Memory in MiB from a size string ("512G"; plain numbers are MiB).
  public static func mebibytes(in text: String) throws(ValueProblem) -> Int64 {
    let bytes = try bytes(in: text, plainUnit: 1 << 20)
    guard bytes % (1 << 20) == 0 else {
      throw ValueProblem(message: "\"\(text)\" is not a whole number of MiB", hint: "memory is counted in MiB")
    }
    return bytes / (1 << 20)
  }

  /// Millicores from cores given as a decimal ("2.5") or Kubernetes-style millicores ("500m").
  public static func millicores(in text: String) throws(ValueProblem) -> Int64 {
    let isMillis = text.hasSuffix("m")
    guard let value = ExactDecimal(isMillis ? text.dropLast() : text[...]) else {
      throw ValueProblem(
        message: "\"\(text)\" is not a CPU amount", hint: "write cores as a number (8, 0.5) or millicores (\"500m\")")
    }
    return try thousandths(value, multiplier: isMillis ? 1 : 1000, of: "\"\(text)\"", unit: "millicore")
  }

  /// Thousandths of a decimal number of cores or credits (the core counts millicores and millicredits).
  static func thousandths(_ value: ExactDecimal, multiplier: Int64 = 1000, of text: String, unit: String)
    throws(ValueProblem) -> Int64
  {
    switch value.scaled(by: multiplier) {
    case .success(let result): return result
    case .failure(.notWhole):
      throw ValueProblem(message: "\(text) is not a whole number of \(unit)s", hint: "use at most 3 decimals")
    case .failure(.tooLarge): throw ValueProblem(message: "\(text) is too large")
    }
  }
}

extension Units {
  /// Seconds in the file's notation: 9000 is "2h30m", 0 is "0s".
  public static func describe(seconds: Int64) -> String {
    guard seconds > 0 else { return "\(seconds)s" }
    var rest = seconds
    var text = ""
    for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
      text += "\(rest / size)\(unit)"
      rest %= size
    }
    return text
  }
}

extension Units {
  /// The unit in which `seconds` read at a glance, and the value in it: seconds below 100, minutes below 100,
  /// hours below 48, days beyond (`(42, "s")`, `(17.5, "m")`, `(3.2, "h")`, `(4.1, "d")`). How many digits to
  /// show is the caller's: a table keeps a decimal, a chart's axis fewer.
  public static func glance(seconds: Double) -> (value: Double, unit: String) {
    switch seconds {
    case ..<100: (seconds, "s")
    case ..<6_000: (seconds / 60, "m")
    case ..<172_800: (seconds / 3_600, "h")
    default: (seconds / 86_400, "d")
    }
  }
}
