/// Wall time (ContinuousClock) and the thread's CPU time of one measured stretch of work.
struct Timing {
  var wall = Duration.zero
  var cpu = Duration.zero

  static func += (total: inout Timing, part: Timing) {
    total.wall += part.wall
    total.cpu += part.cpu
  }
}

/// Measures a closure's wall and CPU time.
enum Stopwatch {
  static let clock = ContinuousClock()

  static func measure<T>(_ body: () throws -> T) rethrows -> (T, Timing) {
    let cpuStart = Measurements.threadCPUTime()
    let wallStart = clock.now
    let result = try body()
    let wall = clock.now - wallStart
    let cpu = Measurements.threadCPUTime() - cpuStart
    return (result, Timing(wall: wall, cpu: cpu))
  }
}
