/// The multifactor priority, as pure functions. Priorities are evaluated at a snapshot time that moves
/// every `priorityRecalcInterval`, so between recalculations the queue order is static and the scheduler can
/// keep it in heaps instead of re-sorting 100k jobs on every event.
enum Priority {
  /// Age factor in 0...1: linear in the time waited, saturating at `maxAge`.
  static func ageFactor(submit: Time, at time: Time, maxAge: Int64) -> Double {
    guard time > submit else { return 0 }
    guard maxAge > 0 else { return 1 }
    let (waited, overflow) = time.subtractingReportingOverflow(submit)
    return overflow ? 1 : min(1, Double(waited) / Double(maxAge))
  }

  /// Fair-share factor `2^(-usage/share)`, with usage and share both normalised over all enterprises.
  static func fairShareFactor(usage: Double, totalUsage: Double, weight: Double, totalWeight: Double) -> Double {
    guard totalWeight > 0, weight > 0 else { return 0 }
    let share = weight / totalWeight
    let normalisedUsage = totalUsage > 0 ? usage / totalUsage : 0
    return pow2(-normalisedUsage / share)
  }

  /// Usage decays by half every `halfLife` seconds.
  static func decay(_ usage: Double, over seconds: Int64, halfLife: Int64) -> Double {
    guard halfLife > 0, seconds > 0 else { return usage }
    return usage * pow2(-Double(seconds) / Double(halfLife))
  }

  static func breakdown(
    jobClass: JobClass, submit: Time, at time: Time, fairShare: Double, boost: Double, config: SchedulerConfig
  ) -> PriorityBreakdown {
    let w = config.weights
    let age = ageFactor(submit: submit, at: time, maxAge: config.maxAge)
    return PriorityBreakdown(
      classFactor: jobClass.factor, ageFactor: age, fairShareFactor: fairShare, boostFactor: boost,
      classPart: w.jobClass * jobClass.factor, agePart: w.age * age, fairSharePart: w.fairShare * fairShare,
      boostPart: w.boost * boost)
  }

  /// 2^x for the small range used here, without Foundation: exponent by squaring on the integer part and a
  /// short series on the fraction (relative error < 1e-12), so results are identical on every platform.
  static func pow2(_ x: Double) -> Double {
    if x < -1000 { return 0 }
    let whole = x.rounded(.down)
    let fraction = x - whole  // 0 <= fraction < 1
    // 2^f = e^(f ln2), Taylor series; f*ln2 < 0.7 so 20 terms are plenty.
    let y = fraction * 0.693_147_180_559_945_3
    var term = 1.0
    var sum = 1.0
    for n in 1...20 {
      term *= y / Double(n)
      sum += term
    }
    var scale = 1.0
    var e = Int(whole)
    var base = e < 0 ? 0.5 : 2.0
    e = abs(e)
    while e > 0 {
      if e & 1 == 1 { scale *= base }
      base *= base
      e >>= 1
    }
    return sum * scale
  }
}

/// A job's place in the queue: higher priority first, then earlier submission, then lower ID. A total order,
/// so every decision is reproducible.
struct Rank: Comparable, Hashable, Sendable {
  var priority: Double
  var submit: Time
  var job: JobID

  static func < (a: Rank, b: Rank) -> Bool {
    if a.priority != b.priority { return a.priority > b.priority }
    if a.submit != b.submit { return a.submit < b.submit }
    return a.job < b.job
  }

  /// Ranked after every job (for a bucket never listed).
  static let last = Rank(priority: -.infinity, submit: .max, job: JobID(.max))
}
