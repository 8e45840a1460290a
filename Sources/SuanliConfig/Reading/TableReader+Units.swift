/// Values with units: durations, sizes, CPU and credits.
extension TableReader {
  /// Seconds, from an integer or a string such as `"2h30m"`.
  mutating func seconds(_ key: String) throws(ConfigError) -> Int64? {
    guard let value = take(key) else { return nil }
    switch value {
    case .integer(let seconds): return seconds
    case .string(let text): return try parsing(key) { () throws(ValueProblem) in try Units.seconds(in: text) }
    default: throw typeProblem(key, expected: "a duration", got: value, hint: Units.durationHint)
    }
  }

  /// Bytes, from an integer or a string such as `"1M"`.
  mutating func bytes(_ key: String) throws(ConfigError) -> Int64? {
    guard let value = take(key) else { return nil }
    switch value {
    case .integer(let bytes): return bytes
    case .string(let text):
      return try parsing(key) { () throws(ValueProblem) in try Units.bytes(in: text, plainUnit: 1) }
    default: throw typeProblem(key, expected: "a size in bytes", got: value, hint: Units.sizeHint)
    }
  }

  /// MiB, from an integer (MiB) or a string such as `"512G"`.
  mutating func mebibytes(_ key: String) throws(ConfigError) -> Int64? {
    guard let value = take(key) else { return nil }
    switch value {
    case .integer(let mebibytes): return mebibytes
    case .string(let text): return try parsing(key) { () throws(ValueProblem) in try Units.mebibytes(in: text) }
    default:
      throw typeProblem(
        key, expected: "a memory size", got: value, hint: "write MiB as an integer, or " + Units.sizeHint)
    }
  }

  /// Millicores, from cores (`8`, `0.5`) or a string (`"2.5"`, `"500m"`).
  mutating func millicores(_ key: String) throws(ConfigError) -> Int64? {
    guard let value = take(key) else { return nil }
    let text = value.literal
    let decimal: ExactDecimal?
    switch value {
    case .integer(let cores): decimal = ExactDecimal(mantissa: cores)
    case .float(let cores): decimal = ExactDecimal(cores)
    case .string(let text): return try parsing(key) { () throws(ValueProblem) in try Units.millicores(in: text) }
    default: throw typeProblem(key, expected: "a number of cores", got: value, hint: "write e.g. 64, 0.5 or \"500m\"")
    }
    guard let decimal else { throw problem(key, "\(value.literal) is out of range") }
    return try parsing(key) { () throws(ValueProblem) in try Units.thousandths(decimal, of: text, unit: "millicore") }
  }

  /// Credits (in millicredits), from an integer or a number with up to 3 decimals.
  mutating func credits(_ key: String) throws(ConfigError) -> Int64? {
    guard let value = take(key) else { return nil }
    let text = value.literal
    let decimal: ExactDecimal?
    switch value {
    case .integer(let whole): decimal = ExactDecimal(mantissa: whole)
    case .float(let number): decimal = ExactDecimal(number)
    default: throw typeProblem(key, expected: "a number of credits", got: value, hint: "write e.g. 12 or 12.5")
    }
    guard let decimal else { throw problem(key, "\(value.literal) is out of range") }
    return try parsing(key) { () throws(ValueProblem) in try Units.thousandths(decimal, of: text, unit: "millicredit") }
  }
}

extension ExactDecimal {
  /// A whole number.
  init(mantissa: Int64) {
    self.mantissa = mantissa
    self.exponent = 0
  }
}

extension ConfigValue {
  /// The value roughly as written, for messages.
  var literal: String {
    switch self {
    case .string(let text): "\"\(text)\""
    case .integer(let number): "\(number)"
    case .float(let number): "\(number)"
    case .boolean(let flag): "\(flag)"
    case .dateTime(let text): text
    case .table: "{…}"
    case .array: "[…]"
    }
  }
}
