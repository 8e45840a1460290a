import PropertyBased
import Testing

@testable import SuanliCore

/// The core's incremental indexes say, after every event and every cycle, what rebuilding them from scratch
/// would say.
@Suite("Index properties") struct IndexProperties {
  @Test("The reclaim index sums, per node, exactly what old enough jobs of enterprises that borrow it hold")
  func reclaimIndexIsExact() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.reclaimIndexIsExact() ? [] : ["the reclaim index differs from a rebuild after this step"]
      }
    }
  }

  @Test("Every bucket's first entry is its head: a pending job queued at that entry's generation")
  func bucketHeadsAreCurrent() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.bucketHeadsAreCurrent()
          ? [] : ["a bucket's first entry is not a job waiting in it after this step"]
      }
    }
  }

  @Test("Each indexed node's cached card times are what walking its jobs gives")
  func cardTimesAreExact() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.cardTimesAreExact(now: record.step.time)
          ? [] : ["a node's cached card times differ from its jobs after this step"]
      }
    }
  }

  @Test(
    "The trees of card times hold the nodes' card times, and a reservation found through them is where a look at every node finds it"
  )
  func cardTimeTreesAgree() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.cardTimeTreesAgree(now: record.step.time)
          ? [] : ["a tree of card times, or an earliest start found through it, differs after this step"]
      }
    }
  }

  @Test("On a node without reservations, the one-walk earliest room is what trying each end time gives")
  func earliestRoomWalksAgree() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.earliestRoomWalksAgree(now: record.step.time)
          ? [] : ["the earliest room of a share on a node differs between the two walks after this step"]
      }
    }
  }

  @Test("Every bucket whose next job stays within its enterprise's guarantee is listed as such for its shape")
  func withinGuaranteeIndexIsComplete() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.withinGuaranteeIndexIsComplete()
          ? [] : ["a bucket within its enterprise's guarantee is missing from its shape's list after this step"]
      }
    }
  }

  @Test("A shape parked for room with a job within its guarantee waits among the first pass's waiters, ranked so")
  func parkedShapesWaitWithinGuarantee() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.parkedShapesWaitWithinGuarantee()
          ? [] : ["a shape parked for room has a job within its guarantee but no first-pass waiter after this step"]
      }
    }
  }

  @Test("A bucket parked for its enterprise's quota or budget is woken once one of its jobs fits them")
  func parkedBucketsAreBlocked() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        record.after.parkedBucketsAreBlocked()
          ? [] : ["a bucket parked for quota or budget could start after this step but was not woken"]
      }
    }
  }

  @Test("A cycle that no strict-order barrier stops wakes every bucket its enterprise's room or credits cover")
  func wakesAreDrained() async {
    await SchedulerProperties.holds(windDown: true) {
      { record in
        !record.isCycle || record.after.wakesAreDrained()
          ? [] : ["a bucket is still due to wake after this cycle"]
      }
    }
  }

  @Test("The reclaim index follows guarantees that change under running jobs, and reclaim uses it")
  func reclaimIndexFollowsReconfiguration() throws {
    let nodes = [Fixture.gpuNode("a"), Fixture.gpuNode("b"), Fixture.cpuNode("c")]
    func enterprises(borrowerGuarantee: Int) -> [EnterpriseSpec] {
      [
        Fixture.enterprise("borrower", guaranteed: ["h200": borrowerGuarantee], limit: ["h200": 16]),
        Fixture.enterprise("owner", guaranteed: ["h200": 8], limit: ["h200": 16]),
      ]
    }
    var scheduler = try Fixture.scheduler(enterprises: enterprises(borrowerGuarantee: 16), nodes: nodes)
    try scheduler.submit(
      Fixture.job(1, "borrower", cards: 4), Fixture.job(2, "borrower", cards: 4), Fixture.job(3, "borrower", cards: 8),
      Fixture.job(4, "borrower", cards: 0, cpu: 4_000))
    #expect(scheduler.cycle(at: 0).started.count == 4)
    #expect(scheduler.reclaimIndexIsExact())
    // The borrower's guarantee shrinks: all its jobs now borrow and become reclaimable.
    try scheduler.reconfigure(
      enterprises: enterprises(borrowerGuarantee: 0), prices: scheduler.prices, config: scheduler.config)
    #expect(scheduler.reclaimIndexIsExact())
    // Not old enough yet: nothing to reclaim on the first node, only its borrowed CPU is counted.
    #expect(scheduler.reclaimIndex.perNode[0].agedCards == 0)
    #expect(scheduler.reclaimIndex.perNode[0].cpuShares == 2_000)
    try scheduler.submit(Fixture.job(5, "owner", cards: 8, submit: 1_000))
    let decisions = scheduler.cycle(at: 1_000)
    #expect(decisions.started == [5])
    #expect(Set(decisions.preempted) == [1, 2])
    #expect(scheduler.reclaimIndexIsExact())
    // The owner's job on the first node is within its guarantee; the borrower's on the second has come of age.
    #expect(scheduler.reclaimIndex.perNode[0].agedCards == 0)
    #expect(scheduler.reclaimIndex.perNode[1].agedCards == 8)
    #expect(scheduler.reclaimIndex.perNode[1].smallestAgedCards == 8)
  }
}
