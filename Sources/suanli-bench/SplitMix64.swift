/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator. The benchmark's workload is a
/// pure function of `--seed`, independent of the standard library's random algorithms.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// The SplitMix64 finaliser: a stateless 64-bit hash (used to derive per-job values from an ID).
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in `0..<bound` (multiply-high: no division, negligible bias).
  mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0)
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// Uniform in `[0, 1)`.
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// True with the given probability in percent.
  mutating func percent(_ chance: Int) -> Bool { below(100) < chance }

  /// An index drawn with the given integer weights.
  mutating func pick(weights: [Int]) -> Int {
    var roll = below(weights.reduce(0, +))
    for (index, weight) in weights.enumerated() {
      if roll < weight { return index }
      roll -= weight
    }
    return weights.count - 1
  }
}
