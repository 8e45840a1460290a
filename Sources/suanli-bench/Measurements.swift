import Glibc

/// Timing and memory helpers for the benchmark.
enum Measurements {
  /// Microseconds in a duration.
  static func micros(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
  }

  static func millis(_ duration: Duration) -> Double { micros(duration) / 1000 }

  static func seconds(_ duration: Duration) -> Double { micros(duration) / 1e6 }

  /// Nearest-rank percentile (`p` in 0...100) of values sorted ascending.
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
  }

  /// Bytes currently allocated by malloc: arena chunks in use plus mmapped chunks (large allocations such
  /// as big dictionary storage are mmapped and do not appear in `uordblks`).
  static func heapInUse() -> Int {
    let info = mallinfo2()
    return Int(info.uordblks) + Int(info.hblkhd)
  }

  /// Peak resident set size in MiB (`VmHWM` from /proc/self/status), or nil where unavailable.
  static func peakResidentMiB() -> Double? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard line.hasPrefix("VmHWM:") else { continue }
      let digits = line.dropFirst(6).filter(\.isNumber)
      return Int(digits).map { Double($0) / 1024 }
    }
    return nil
  }
}
