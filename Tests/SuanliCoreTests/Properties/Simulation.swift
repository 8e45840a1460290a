@testable import SuanliCore

/// One input to the scheduler: an event, or a scheduling cycle, at a virtual time.
enum Step: Hashable, Sendable, CustomStringConvertible {
  case event(Event, at: Time)
  case cycle(at: Time)

  var time: Time {
    switch self {
    case .event(_, let time), .cycle(let time): time
    }
  }

  var description: String {
    switch self {
    case .event(let event, let time): "t=\(time) \(event)"
    case .cycle(let time): "t=\(time) cycle"
    }
  }
}

/// What one step did: the scheduler before and after, and its decisions or the error that refused it.
struct StepRecord {
  var index: Int
  var step: Step
  var before: Scheduler
  var outcome: Result<[Decision], CoreError>
  var after: Scheduler

  var decisions: [Decision] { (try? outcome.get()) ?? [] }
  var isCycle: Bool { if case .cycle = step { true } else { false } }
}

/// Applies steps to a scheduler and remembers them, so that a run can be replayed.
struct Simulation {
  let scenario: Scenario
  private(set) var scheduler: Scheduler
  private(set) var trace: [Step] = []

  init(_ scenario: Scenario) {
    self.scenario = scenario
    scheduler = scenario.makeScheduler()
  }

  @discardableResult
  mutating func apply(_ step: Step) -> StepRecord {
    let before = scheduler
    let outcome: Result<[Decision], CoreError>
    switch step {
    case .event(let event, let time):
      do throws(CoreError) {
        outcome = .success(try scheduler.handle(event, at: time))
      } catch {
        outcome = .failure(error)
      }
    case .cycle(let time):
      outcome = .success(scheduler.cycle(at: time))
    }
    trace.append(step)
    return StepRecord(index: trace.count - 1, step: step, before: before, outcome: outcome, after: scheduler)
  }
}

/// A random event stream over virtual time, chosen step by step from the scheduler's state (so that finishes,
/// cancels, holds and releases name real jobs), from a seed.
struct EventStream {
  private var rng: ScenarioRNG
  private(set) var now: Time = 0
  private var nextJob: UInt64 = 1

  init(seed: UInt64) { rng = ScenarioRNG(seed: seed ^ 0x5EED_0F_E7E17) }

  /// Registers the scenario's nodes at t=0, then `events` random events, each followed by a cycle most of the
  /// time. `observe` sees every step; returning false stops the run.
  mutating func run(_ simulation: inout Simulation, events: Int, observe: (StepRecord) -> Bool) {
    for node in simulation.scenario.nodes {
      guard observe(simulation.apply(.event(.registerNode(node), at: 0))) else { return }
    }
    guard observe(simulation.apply(.cycle(at: 0))) else { return }
    for _ in 0..<events {
      now += rng.pick([0, 0, 1, 10, 30, 60, 120, 300, 900])
      if let event = nextEvent(simulation.scheduler, scenario: simulation.scenario) {
        guard observe(simulation.apply(.event(event, at: now))) else { return }
      }
      if rng.chance(0.85) { guard observe(simulation.apply(.cycle(at: now))) else { return } }
    }
  }

  /// Ends everything: cancels what waits, finishes what runs, and cycles once more.
  mutating func windDown(_ simulation: inout Simulation, observe: (StepRecord) -> Bool) {
    now += 60
    for id in simulation.scheduler.jobIDs() where simulation.scheduler.job(id)?.state != .running {
      guard observe(simulation.apply(.event(.cancel(id), at: now))) else { return }
    }
    for id in simulation.scheduler.jobIDs(in: .running) {
      guard observe(simulation.apply(.event(.jobFinished(id, .succeeded), at: now))) else { return }
    }
    _ = observe(simulation.apply(.cycle(at: now)))
  }

  private mutating func nextEvent(_ s: Scheduler, scenario: Scenario) -> Event? {
    let running = s.jobIDs(in: .running)
    let pending = s.jobIDs(in: .pending)
    let held = s.jobIDs(in: .held)
    let nodes = scenario.nodes.map(\.name)
    let roll = rng.int(0...99)
    switch roll {
    case 0..<20 where !running.isEmpty:
      return .jobFinished(rng.pick(running), rng.pick([.succeeded, .succeeded, .failed, .timeout]))
    case 20..<26 where !s.jobIDs().isEmpty:
      return .cancel(rng.pick(s.jobIDs()))
    case 26..<30 where !pending.isEmpty:
      return .hold(rng.pick(pending))
    case 30..<34 where !held.isEmpty:
      return .release(rng.pick(held))
    case 34..<38:
      return .setNodeState(rng.pick(nodes), .draining)
    case 38..<43:
      return .setNodeState(rng.pick(nodes), .ready)
    case 43..<46:
      return .nodeLost(rng.pick(nodes))
    case 46..<48:
      return .setNodeState(rng.pick(nodes), rng.pick([.down, .drained]))
    case 48..<52:
      return .registerNode(reRegistration(of: rng.pick(scenario.nodes)))
    case 52..<55:
      return .grant(enterprise: rng.pick(scenario.enterprises).id, Credits(rng.pick([1, 100, 10_000])))
    case 55..<57 where !running.isEmpty:
      return .jobStarted(rng.pick(running))
    case 57..<62:
      return refusedEvent(s, scenario: scenario)
    case 62..<66:
      return nil  // only time passes
    default:
      let enterprise = rng.chance(0.02) ? "nobody" : rng.pick(scenario.enterprises).id
      defer { nextJob += 1 }
      return .submit(scenario.randomJob(&rng, id: JobID(nextJob), at: now, enterprise: enterprise))
    }
  }

  /// Usually the node as it was; sometimes with other capacity (refused while its jobs would not fit).
  private mutating func reRegistration(of node: NodeSpec) -> NodeSpec {
    var spec = node
    guard rng.chance(0.4) else { return spec }
    switch rng.int(0...2) {
    case 0 where spec.cards > 0: spec.cards = rng.pick([1, 2, 4, 8])
    case 1: spec.cpuMillis = rng.pick([8, 32, 128]) * 1000
    default: spec.labels["site"] = rng.pick(Scenario.sites)
    }
    return spec
  }

  /// An event the core should refuse (and so change nothing).
  private mutating func refusedEvent(_ s: Scheduler, scenario: Scenario) -> Event {
    let any = s.jobIDs()
    switch rng.int(0...6) {
    case 0 where !s.jobIDs(in: .pending).isEmpty: return .release(rng.pick(s.jobIDs(in: .pending)))
    case 1 where !s.jobIDs(in: .pending).isEmpty: return .jobFinished(rng.pick(s.jobIDs(in: .pending)), .succeeded)
    case 2 where !s.jobIDs(in: .running).isEmpty: return .hold(rng.pick(s.jobIDs(in: .running)))
    case 3 where !any.isEmpty:
      return .submit(scenario.randomJob(&rng, id: rng.pick(any), at: now, enterprise: scenario.enterprises[0].id))
    case 4: return .grant(enterprise: rng.pick(scenario.enterprises).id, .zero)
    case 5: return .setNodeState("ghost", .ready)
    default: return .cancel(JobID(1_000_000))
    }
  }
}

/// Runs a random scenario and reports the first violation a monitor finds, with what is needed to replay it.
enum PropertyRun {
  /// Runs `events` random events of scenario `seed` (then winds down if asked), feeding each step to `check`.
  /// Returns nil when no step violated anything, or a description of the first violation.
  static func firstViolation(
    seed: UInt64, events: Int, windDown: Bool = false, check: (StepRecord) -> [String]
  ) -> String? {
    let scenario = Scenario.random(seed: seed)
    var simulation = Simulation(scenario)
    var stream = EventStream(seed: seed)
    var found: String?
    let observe = { (record: StepRecord) -> Bool in
      let violations = check(record)
      guard !violations.isEmpty else { return true }
      found = report(violations, at: record, seed: seed, events: events)
      return false
    }
    stream.run(&simulation, events: events, observe: observe)
    if found == nil && windDown { stream.windDown(&simulation, observe: observe) }
    return found
  }

  static func report(_ violations: [String], at record: StepRecord, seed: UInt64, events: Int) -> String {
    let outcome =
      switch record.outcome {
      case .success(let decisions): decisions.map { "    \($0)" }.joined(separator: "\n")
      case .failure(let error): "    refused: \(error)"
      }
    return """
      seed \(seed) (events: \(events)), step \(record.index): \(record.step)
      \(violations.map { "  - \($0)" }.joined(separator: "\n"))
        decisions:
      \(outcome)
      """
  }
}
