import SuanliCore

/// Drives the scheduling core through the benchmark's phases and measures each.
struct CoreRun {
  /// Virtual time of the benchmark's "now" when the queue is full (seconds).
  static let startTime: Time = 1_700_000_000
  /// Submissions are spread over the day before `startTime`, so jobs differ in age.
  static let submitSpan: Int64 = 86_400
  static let batchSize = 1024

  struct SubmitResult {
    var accepted = 0
    var rejected = 0
    var firstRejection: String?
    var time = Timing()
    var heapGrowth = 0
  }

  struct PassResult {
    var time = Timing()
    var decisions = 0
    var started = 0
    var preempted = 0
    var ledger = 0
  }

  struct SteadyResult {
    var events = 0
    /// Per event, handle(.jobFinished) + cycle: wall and CPU time in microseconds, and whether the cycle
    /// recalculated priorities.
    var eventWallMicros: [Double] = []
    var eventCPUMicros: [Double] = []
    var recalcFlags: [Bool] = []
    /// Per event: jobs started and preempted by it.
    var eventStarts: [Int] = []
    var eventPreemptions: [Int] = []
    var submitMicros: [Double] = []
    var started = 0
    var preempted = 0
    var decisions = 0
    var time = Timing()
    /// The wall-time budget ran out before all events were run.
    var stoppedEarly = false
  }

  let cluster: SyntheticCluster
  var scheduler: Scheduler
  var generator: JobGenerator
  var running = RunningJobs()
  var nextJob: UInt64 = 1

  init(cluster: SyntheticCluster, seed: UInt64) throws {
    self.cluster = cluster
    scheduler = try Scheduler(
      config: SchedulerConfig(), prices: SyntheticCluster.prices, enterprises: cluster.enterprises)
    generator = JobGenerator(cluster: cluster, seed: seed)
  }

  /// Registers every node, then runs one cycle on the empty queue so the first priority recalculation is
  /// not part of the full pass (it is timed on its own by `forcedRecalculation`).
  mutating func registerNodes() throws {
    for node in cluster.nodes { _ = try scheduler.handle(.registerNode(node), at: Self.startTime) }
    _ = scheduler.cycle(at: Self.startTime)
  }

  /// Submits `count` jobs, generated in small batches outside the timed region so that the specs' own
  /// memory stays out of the heap measurement.
  mutating func submitAll(count: Int) -> SubmitResult {
    var result = SubmitResult()
    var batch: [JobSpec] = []
    batch.reserveCapacity(Self.batchSize)
    let heapBefore = Measurements.heapInUse()
    var index = 0
    while index < count {
      while batch.count < Self.batchSize && index < count {
        let submit = Self.startTime - Self.submitSpan + Int64(index) * Self.submitSpan / Int64(count)
        batch.append(generator.make(id: takeID(), submitTime: submit))
        index += 1
      }
      let ((), time) = Stopwatch.measure {
        for spec in batch {
          do {
            _ = try scheduler.handle(.submit(spec), at: Self.startTime)
            result.accepted += 1
          } catch {
            result.rejected += 1
            if result.firstRejection == nil { result.firstRejection = "\(error)" }
          }
        }
      }
      result.time += time
      batch.removeAll(keepingCapacity: true)
    }
    result.heapGrowth = Measurements.heapInUse() - heapBefore
    return result
  }

  /// One cycle over the full queue on the empty cluster.
  mutating func fullPass() -> PassResult {
    let (decisions, time) = Stopwatch.measure { scheduler.cycle(at: Self.startTime) }
    var result = PassResult(time: time)
    record(decisions, at: Self.startTime, into: &result)
    return result
  }

  /// Finishes the running job with the earliest expected end, one per second of virtual time, and runs a
  /// cycle after each; a new job is submitted after each finish to keep the queue full (timed separately).
  /// Stops early, after the event in progress, once `budget` of wall time has been spent.
  mutating func steadyState(events: Int, budget: Duration, progress: (Int) -> Void = { _ in }) throws
    -> SteadyResult
  {
    var result = SteadyResult()
    result.eventWallMicros.reserveCapacity(events)
    result.eventCPUMicros.reserveCapacity(events)
    result.recalcFlags.reserveCapacity(events)
    result.submitMicros.reserveCapacity(events)
    let deadline = Stopwatch.clock.now + budget
    var now = Self.startTime
    for _ in 0..<events {
      guard Stopwatch.clock.now < deadline else {
        result.stoppedEarly = true
        break
      }
      guard let finished = running.popEarliest() else { break }
      now += 1
      let at = now
      let ((ended, decisions), time) = try Stopwatch.measure {
        (try scheduler.handle(.jobFinished(finished, .succeeded), at: at), scheduler.cycle(at: at))
      }
      result.time += time
      result.eventWallMicros.append(Measurements.micros(time.wall))
      result.eventCPUMicros.append(Measurements.micros(time.cpu))
      result.recalcFlags.append(scheduler.snapshotTime == now)
      result.events += 1
      var pass = PassResult()
      record(ended, at: now, into: &pass)
      record(decisions, at: now, into: &pass)
      result.eventStarts.append(pass.started)
      result.eventPreemptions.append(pass.preempted)
      result.started += pass.started
      result.preempted += pass.preempted
      result.decisions += pass.decisions

      let spec = generator.make(id: takeID(), submitTime: now)
      let (_, submitTime) = Stopwatch.measure { try? scheduler.handle(.submit(spec), at: at) }
      result.submitMicros.append(Measurements.micros(submitTime.wall))
      progress(result.events)
    }
    return result
  }

  /// Cycles at the moment the next priority recalculation is due, with nothing else changed: the cost of
  /// re-ranking every queue and revisiting every shape. Returns one pass per repetition.
  mutating func forcedRecalculation(repetitions: Int) -> [PassResult] {
    (0..<repetitions).map { _ in
      let at = scheduler.snapshotTime + scheduler.config.priorityRecalcInterval
      let (decisions, time) = Stopwatch.measure { scheduler.cycle(at: at) }
      var result = PassResult(time: time)
      record(decisions, at: at, into: &result)
      return result
    }
  }

  var pendingCount: Int { scheduler.jobCount - running.count }

  private mutating func takeID() -> JobID {
    defer { nextJob += 1 }
    return JobID(nextJob)
  }

  /// Counts decisions and keeps the running set in step with them.
  private mutating func record(_ decisions: [Decision], at now: Time, into result: inout PassResult) {
    result.decisions += decisions.count
    for decision in decisions {
      switch decision {
      case .start(let id, _):
        result.started += 1
        let walltime = scheduler.job(id)?.spec.walltime ?? 3600
        running.started(id, end: now + Self.runtime(of: id, walltime: walltime))
      case .preempt(let id, _, _):
        result.preempted += 1
        running.stopped(id)
      case .requeued(let id, _), .ended(let id, _, _), .stop(let id, _):
        running.stopped(id)
      case .ledger:
        result.ledger += 1
      case .nodeStateChanged:
        break
      }
    }
  }

  /// A job's actual runtime: 10% to 100% of its walltime, a fixed function of its ID.
  static func runtime(of id: JobID, walltime: Int64) -> Int64 {
    let fraction = 0.1 + 0.9 * Double(SplitMix64.mix(id.rawValue) >> 11) * 0x1p-53
    return max(1, Int64(Double(walltime) * fraction))
  }
}
