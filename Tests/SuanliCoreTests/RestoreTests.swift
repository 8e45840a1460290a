import Testing

@testable import SuanliCore

/// A restarted daemon rebuilds the core from its database: running jobs on their exact cards, ledgers as they were.
@Suite struct RestoreTests {
  let prices = PriceTable(perCardHour: ["h200": Credits(10)])

  func placement(_ node: String, _ cards: [Int], hold: Int64 = 10) -> Placement {
    Placement(model: "h200", slots: [Placement.Slot(node: node, cardIndices: cards)], hold: Credits(hold))
  }

  @Test func aRestoredJobHoldsItsOwnCardsAndIsChargedWhenItEnds() throws {
    var scheduler = try Fixture.scheduler(
      prices: prices, enterprises: [Fixture.enterprise("acme", limit: ["h200": 8], credits: 100)],
      nodes: [Fixture.gpuNode("n1")])
    try scheduler.restoreLedger(enterprise: "acme", balance: Credits(400), decayedUsage: 5)
    try scheduler.restoreRunning(Fixture.job(7, "acme", cards: 2), placement: placement("n1", [5, 6]), startTime: 100)

    #expect(scheduler.node("n1")?.usedCardIndices == [5, 6])
    #expect(scheduler.job(7)?.state == .running)
    #expect(scheduler.job(7)?.placement?.slots.first?.cardIndices == [5, 6])
    #expect(scheduler.enterprise("acme")?.held == Credits(20))
    #expect(scheduler.enterprise("acme")?.balance == Credits(400))
    // Every index the cycle relies on agrees with a rebuild.
    #expect(StateInvariants.nodeCapacity(scheduler).isEmpty)
    #expect(StateInvariants.bookkeeping(scheduler).isEmpty)
    #expect(scheduler.reclaimIndexIsExact())
    #expect(scheduler.cardTimesAreExact(now: 100))

    // A new job gets other cards than the restored one.
    try scheduler.submit(Fixture.job(8, "acme", cards: 6, submit: 200))
    let decisions = scheduler.cycle(at: 200)
    let cards = decisions.placement(of: 8)?.slots.first?.cardIndices
    #expect(cards == [0, 1, 2, 3, 4, 7])

    let ended = try scheduler.handle(.jobFinished(7, .succeeded), at: 100 + 1_800)
    #expect(ended.contains(.ended(7, .succeeded, charged: Credits(10))))
    #expect(scheduler.enterprise("acme")?.balance == Credits(390))
  }

  @Test(arguments: [
    ("n9", [0], "unknown node"),
    ("n1", [8], "card out of range"),
    ("n1", [1, 1], "same card twice"),
    ("n1", [0, 1, 2], "more cards than requested"),
  ])
  func aBadPlacementIsRefusedAndChangesNothing(node: String, cards: [Int], why: String) throws {
    var scheduler = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 8])], nodes: [Fixture.gpuNode("n1")])
    #expect(throws: CoreError.self, "\(why)") {
      try scheduler.restoreRunning(Fixture.job(7, "acme", cards: 2), placement: placement(node, cards), startTime: 0)
    }
    #expect(scheduler.job(7) == nil)
    #expect(scheduler.node("n1")?.usedCardIndices == [])
  }

  @Test func cardsAlreadyHeldCannotBeRestoredTwice() throws {
    var scheduler = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 8])], nodes: [Fixture.gpuNode("n1")])
    try scheduler.restoreRunning(Fixture.job(1, "acme", cards: 2), placement: placement("n1", [0, 1]), startTime: 0)
    #expect(throws: CoreError.self) {
      try scheduler.restoreRunning(Fixture.job(2, "acme", cards: 2), placement: placement("n1", [1, 2]), startTime: 0)
    }
    #expect(scheduler.job(2) == nil)
    #expect(scheduler.node("n1")?.usedCardIndices == [0, 1])
    #expect(scheduler.enterprise("acme")?.runningJobs == 1)
  }
}
