/// A number of credits held exactly in thousandths, as the daemon keeps them ("12.5" is 12500), for sums and
/// checks on the command line. Printed the way the daemon prints credits: `1500`, `12.5`, `-0.125`.
struct ClusterCredits: Hashable, Sendable, CustomStringConvertible {
  var millis: Int64

  init(millis: Int64) { self.millis = millis }

  /// Parses `500`, `12.5`, `-3.125` (at most three decimals); nil for anything else.
  init?(_ text: String) {
    var rest = Substring(text)
    let negative = rest.first == "-"
    if negative { rest = rest.dropFirst() }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 15,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let whole = Int64(parts[0])
    else { return nil }
    var millis = whole * 1000
    if parts.count == 2 {
      let fraction = parts[1]
      guard (1...3).contains(fraction.count), let digits = Int64(fraction) else { return nil }
      millis += digits * [100, 10, 1][fraction.count - 1]
    }
    self.millis = negative ? -millis : millis
  }

  var description: String {
    let sign = millis < 0 ? "-" : ""
    let magnitude = millis.magnitude
    var fraction = String(magnitude % 1000)
    guard fraction != "0" else { return "\(sign)\(magnitude / 1000)" }
    while fraction.count < 3 { fraction = "0" + fraction }
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(sign)\(magnitude / 1000).\(fraction)"
  }

  /// The sum of decimal strings; strings that are not credits count as nothing.
  static func sum(_ texts: [String]) -> ClusterCredits {
    ClusterCredits(millis: texts.compactMap { ClusterCredits($0)?.millis }.reduce(0, +))
  }
}
