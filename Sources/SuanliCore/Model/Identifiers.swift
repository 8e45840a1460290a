/// Time as whole seconds on the caller's clock. The core never reads a clock: every event and cycle is
/// given the time at which it happens, so the same inputs always give the same decisions.
public typealias Time = Int64

/// A job's identity, assigned by the caller (the daemon's sequence, or a trace's row number).
public struct JobID: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral,
  CustomStringConvertible
{
  public var rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  public init(_ value: UInt64) { self.rawValue = value }
  public init(integerLiteral value: UInt64) { self.rawValue = value }
  public static func < (a: JobID, b: JobID) -> Bool { a.rawValue < b.rawValue }
  public var description: String { String(rawValue) }
}

/// Credits in thousandths, so that prices like 2.5 credits per card-hour stay exact integers.
public struct Credits: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
  public var millis: Int64
  public init(millis: Int64) { self.millis = millis }
  public init(_ whole: Int64) { self.millis = whole * 1000 }
  public static let zero = Credits(millis: 0)
  public static func + (a: Credits, b: Credits) -> Credits { Credits(millis: a.millis + b.millis) }
  public static func - (a: Credits, b: Credits) -> Credits { Credits(millis: a.millis - b.millis) }
  public static func < (a: Credits, b: Credits) -> Bool { a.millis < b.millis }
  public var description: String {
    let sign = millis < 0 ? "-" : ""
    let m = millis.magnitude
    let frac = m % 1000
    guard frac != 0 else { return "\(sign)\(m / 1000)" }
    var digits = String(frac)
    while digits.count < 3 { digits = "0" + digits }
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(sign)\(m / 1000).\(digits)"
  }
}
