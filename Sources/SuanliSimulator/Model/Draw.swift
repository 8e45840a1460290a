/// Deterministic draws in 0..<1 from a seed and an index (SplitMix64's finaliser): the same cluster file and
/// trace always give the same classes and enterprises.
enum Draw {
  static func unit(seed: UInt64, index: Int, stream: UInt64) -> Double {
    var z = seed &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) * 0x1p-53
  }

  /// The index whose cumulative weight first exceeds `u × total`.
  static func pick(_ u: Double, weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var running = 0.0
    for (index, weight) in weights.enumerated() {
      running += weight
      if u * total < running { return index }
    }
    return max(0, weights.count - 1)
  }
}
