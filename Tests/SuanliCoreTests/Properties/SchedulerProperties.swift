import PropertyBased
import Testing

@testable import SuanliCore

/// Invariants checked after every event and every cycle of random scenarios (see `Scenario.random` and
/// `EventStream`). Inputs are a seed and a number of events; a failure reports both, and shrinking looks for
/// a smaller seed and a shorter stream that still fail.
@Suite("Scheduler properties") struct SchedulerProperties {
  static let cases = 150

  /// Runs `cases` random scenarios and expects no step of any to violate `check`.
  static func holds(
    cases: Int = cases, windDown: Bool = false, sourceLocation: SourceLocation = #_sourceLocation,
    _ makeCheck: @escaping () -> (StepRecord) -> [String]
  ) async {
    await propertyCheck(count: cases, input: Gen.uint64(), Gen.int(in: 5...80)) { seed, events in
      if let violation = PropertyRun.firstViolation(seed: seed, events: events, windDown: windDown, check: makeCheck())
      {
        Issue.record(Comment(rawValue: violation), sourceLocation: sourceLocation)
      }
    }
  }

  // MARK: 1. Capacity, limits, budgets

  @Test("1. No node beyond capacity, no enterprise beyond its limit, no start without its budget hold")
  func neverOverCommitted() async {
    await Self.holds {
      { record in
        StateInvariants.nodeCapacity(record.after) + StateInvariants.enterpriseLimits(record.after)
          + StateInvariants.budgets(record.after) + StepChecks.budgetHolds(record)
      }
    }
  }

  // MARK: 2. Gangs

  @Test("2. Every start has exactly nodeCount distinct nodes, each with the requested cards")
  func gangsAreAllOrNothing() async {
    await Self.holds { { StepChecks.placements($0) } }
  }

  // MARK: 4. Preemption

  @Test(
    "4. Preemption: minimum runtime, strictly lower priority within an enterprise, legitimate reclaim, preemptor starts"
  )
  func preemptionIsJustified() async {
    await Self.holds { { StepChecks.preemptions($0) } }
  }

  @Test("4'. Within an enterprise only a strictly higher class preempts")
  func classPreemptionNeedsAHigherClass() async {
    await Self.holds { { StepChecks.classPreemptionByClass($0) } }
  }

  // MARK: 7. Reasons and ledger

  @Test("7a. Every pending or held job has a pending reason")
  func everyWaitingJobHasAReason() async {
    await Self.holds { { StateInvariants.everyWaitingJobHasAReason($0.after) } }
  }

  @Test("7b. Balance = opening credits + grants − charges, in every entry and every report")
  func ledgerAddsUp() async {
    await Self.holds {
      var monitor = LedgerMonitor()
      return { monitor.check($0) }
    }
  }

  // MARK: Further invariants

  @Test("Every ended run is charged its runtime at its price, and the rest of its hold is released")
  func chargesAreRuntimeAtPrice() async {
    await Self.holds(windDown: true) { { StepChecks.charges($0) } }
  }

  @Test("After a cycle, pending reasons state facts")
  func reasonsAreTrue() async {
    await Self.holds { { $0.isCycle ? StateInvariants.reasonsAreTrue($0.after) : [] } }
  }

  @Test("The reasons of a whole listing are each job's own reason")
  func bulkReasonsMatchSingleReasons() async {
    await Self.holds {
      { record in
        let ids = record.after.jobIDs()
        let bulk = record.after.pendingReasons(of: ids)
        return zip(ids, bulk).compactMap { id, reason in
          reason == record.after.pendingReason(of: id)
            ? nil : "job \(id): listed reason \(String(describing: reason)) differs from its own"
        }
      }
    }
  }

  @Test("After a cycle without reservations, no pending job could start now")
  func noStartableJobIsLeftWaiting() async {
    await Self.holds { { $0.isCycle ? StateInvariants.workConserving($0.after) : [] } }
  }

  @Test("A refused event changes nothing")
  func refusedEventsChangeNothing() async {
    await Self.holds { { StepChecks.refusalChangesNothing($0) } }
  }

  @Test("Cancelling a pending or held job releases nothing and leaves no trace")
  func cancellingAWaitingJobLeavesNoTrace() async {
    await Self.holds { { StepChecks.cancelLeavesNoTrace($0) } }
  }

  @Test("The core's indexes agree with its records")
  func bookkeepingIsConsistent() async {
    await Self.holds(windDown: true) { { StateInvariants.bookkeeping($0.after) } }
  }

  @Test("When every job has ended, every node is wholly free and nothing is held or used")
  func everythingEndedLeavesAnEmptyCluster() async {
    await propertyCheck(count: Self.cases, input: Gen.uint64(), Gen.int(in: 5...80)) { seed, events in
      var simulation = Simulation(Scenario.random(seed: seed))
      var stream = EventStream(seed: seed)
      stream.run(&simulation, events: events) { _ in true }
      stream.windDown(&simulation) { _ in true }
      let s = simulation.scheduler
      let problems = PropertyRun.emptyClusterProblems(s)
      #expect(problems.isEmpty, "seed \(seed) (events: \(events)):\n\(problems.joined(separator: "\n"))")
    }
  }
}

extension PropertyRun {
  /// What is wrong with a scheduler that should have no jobs left.
  static func emptyClusterProblems(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    if s.jobCount != 0 { problems.append("\(s.jobCount) jobs remain: \(s.jobIDs())") }
    for node in Oracle.nodes(s)
    where node.freeCpuMillis != node.spec.cpuMillis || node.freeMemoryMiB != node.spec.memoryMiB
      || node.freeCards != node.spec.cards || !node.usedCardIndices.isEmpty || !node.running.isEmpty
    {
      problems.append("node \(node.spec.name) is not wholly free: \(node)")
    }
    for id in s.enterpriseIDs {
      guard let e = s.enterprise(id) else { continue }
      if e.inUse != .none || e.held != .zero || e.pendingJobs != 0 || e.runningJobs != 0 {
        problems.append(
          "enterprise \(id) still uses \(e.inUse), holds \(e.held), counts \(e.pendingJobs)/\(e.runningJobs)")
      }
    }
    if !s.reservations.isEmpty || s.nodes.contains(where: { !$0.reservations.isEmpty || !$0.runs.isEmpty }) {
      problems.append("reservations or runs remain on nodes")
    }
    return problems + StateInvariants.bookkeeping(s)
  }
}
