import Glibc
import MemoryAllocator

/// Timing and memory helpers for the benchmark.
enum Measurements {
  /// Microseconds in a duration.
  static func micros(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
  }

  static func millis(_ duration: Duration) -> Double { micros(duration) / 1000 }

  static func seconds(_ duration: Duration) -> Double { micros(duration) / 1e6 }

  /// CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID): unlike wall time it does not count
  /// time the thread waited for a core, so figures stay comparable on a busy machine.
  static func threadCPUTime() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
  }

  /// Nearest-rank percentile (`p` in 0...100) of values sorted ascending.
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
  }

  /// Bytes currently allocated: jemalloc's count (`MemoryAllocator`), or the resident set size where jemalloc
  /// does not serve the process (another allocator preloaded, a sanitizer) or keeps no count.
  static func heapInUse() -> Int {
    guard jemallocServes, let allocated = MemoryAllocator.allocatedBytes() else { return residentBytes() }
    return allocated
  }

  private static let jemallocServes = MemoryAllocator.isServingProcess

  /// Resident set size in bytes from /proc/self/statm (second field, in pages).
  static func residentBytes() -> Int {
    guard let line = firstLine(of: "/proc/self/statm", where: { _ in true }) else { return 0 }
    let fields = line.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * sysconf(Int32(_SC_PAGESIZE))
  }

  /// Peak resident set size in MiB (`VmHWM` from /proc/self/status), or nil where unavailable.
  static func peakResidentMiB() -> Double? {
    guard let line = firstLine(of: "/proc/self/status", where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    return Int(line.dropFirst(6).filter(\.isNumber)).map { Double($0) / 1024 }
  }

  private static func firstLine(of path: String, where matches: (String) -> Bool) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 512)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if matches(line) { return line.trimmingSuffix() }
    }
    return nil
  }
}

extension String {
  fileprivate func trimmingSuffix() -> String {
    var result = self
    while let last = result.last, last.isWhitespace { result.removeLast() }
    return result
  }
}
