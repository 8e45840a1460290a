import Testing

@testable import SuanliCore

@Suite struct PlacementTests {
  let acme = Fixture.enterprise("acme", limit: ["h200": 64, "a100": 64, "910b": 64])

  @Test func bestFitKeepsWholeNodesFreeForEightCardJobs() throws {
    var s = try Fixture.scheduler(enterprises: [acme], nodes: [Fixture.gpuNode("n1"), Fixture.gpuNode("n2")])
    try s.submit(Fixture.job(1, "acme", cards: 3, submit: 0))
    _ = s.cycle(at: 0)
    // n1 now has 5 free, n2 8: a 2-card job goes where the fit is tightest...
    try s.submit(Fixture.job(2, "acme", cards: 2, submit: 1))
    #expect(s.cycle(at: 1).placement(of: 2)?.slots.map(\.node) == ["n1"])
    // ...so an 8-card job still finds a whole node.
    try s.submit(Fixture.job(3, "acme", cards: 8, submit: 2))
    #expect(s.cycle(at: 2).placement(of: 3)?.slots.map(\.node) == ["n2"])
  }

  @Test func thenTheLeastLeftoverCPU() throws {
    var s = try Fixture.scheduler(
      enterprises: [acme], nodes: [Fixture.gpuNode("big", cpu: 128_000), Fixture.gpuNode("small", cpu: 32_000)])
    try s.submit(Fixture.job(1, "acme", cards: 1, cpu: 16_000))
    #expect(s.cycle(at: 0).placement(of: 1)?.slots.map(\.node) == ["small"])
  }

  @Test func concreteCardIndicesAreAssignedAndReused() throws {
    var s = try Fixture.scheduler(enterprises: [acme], nodes: [Fixture.gpuNode("n1")])
    try s.submit(Fixture.job(1, "acme", cards: 3, submit: 0), Fixture.job(2, "acme", cards: 2, submit: 1))
    let first = s.cycle(at: 0)
    #expect(first.placement(of: 1)?.slots == [Placement.Slot(node: "n1", cardIndices: [0, 1, 2])])
    #expect(first.placement(of: 2)?.slots == [Placement.Slot(node: "n1", cardIndices: [3, 4])])
    _ = try s.handle(.jobFinished(1, .succeeded), at: 5)
    try s.submit(Fixture.job(3, "acme", cards: 4, submit: 6))
    #expect(s.cycle(at: 6).placement(of: 3)?.slots.first?.cardIndices == [0, 1, 2, 5])
    #expect(s.node("n1")?.usedCardIndices == [0, 1, 2, 3, 4, 5])
  }

  @Test func gangJobsGetAllTheirNodesOrNone() throws {
    var s = try Fixture.scheduler(
      enterprises: [acme], nodes: [Fixture.gpuNode("n1"), Fixture.gpuNode("n2"), Fixture.gpuNode("n3")])
    try s.submit(Fixture.job(1, "acme", cards: 4, submit: 0))
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(2, "acme", cards: 8, nodes: 3, submit: 1))
    #expect(s.cycle(at: 1).started.isEmpty, "two whole nodes are free, the gang needs three")
    #expect(s.node("n2")?.freeCards == 8 && s.node("n3")?.freeCards == 8, "nothing was half-placed")
    _ = try s.handle(.jobFinished(1, .succeeded), at: 2)
    let placement = try #require(s.cycle(at: 2).placement(of: 2))
    #expect(Set(placement.slots.map(\.node)) == ["n1", "n2", "n3"])
    #expect(placement.slots.allSatisfy { $0.cardIndices.count == 8 })
  }

  @Test func acceptedModelsAreTriedInPreferenceOrder() throws {
    var s = try Fixture.scheduler(
      enterprises: [acme], nodes: [Fixture.gpuNode("h", model: "h200", cards: 1), Fixture.gpuNode("a", model: "a100")])
    try s.submit(
      Fixture.job(1, "acme", models: ["a100", "h200"], submit: 0),
      Fixture.job(2, "acme", models: ["h200", "a100"], submit: 1),
      Fixture.job(3, "acme", models: ["h200", "a100"], submit: 2))
    let decisions = s.cycle(at: 3)
    #expect(decisions.placement(of: 1)?.model == "a100")
    #expect(decisions.placement(of: 2)?.model == "h200")
    #expect(decisions.placement(of: 3)?.model == "a100", "its first choice is full")
  }

  @Test func labelSelectorsRestrictNodes() throws {
    var s = try Fixture.scheduler(
      enterprises: [acme],
      nodes: [
        Fixture.gpuNode("north", labels: ["site": "songshanhu"]), Fixture.gpuNode("south", labels: ["site": "qianhai"]),
      ])
    try s.submit(Fixture.job(1, "acme", selector: ["site": "qianhai"]))
    #expect(s.cycle(at: 0).placement(of: 1)?.slots.map(\.node) == ["south"])
    try s.submit(Fixture.job(2, "acme", submit: 1, selector: ["site": "nowhere"]))
    #expect(s.cycle(at: 1).started.isEmpty)
    #expect(s.pendingReason(of: 2)?.code == "constraint")
  }

  @Test func cpuOnlyJobsPreferNodesWithoutCards() throws {
    var s = try Fixture.scheduler(enterprises: [acme], nodes: [Fixture.gpuNode("gpu"), Fixture.cpuNode("cpu")])
    try s.submit(Fixture.job(1, "acme", cards: 0, cpu: 4_000), Fixture.job(2, "acme", cards: 0, cpu: 30_000, submit: 1))
    let decisions = s.cycle(at: 1)
    #expect(decisions.placement(of: 1)?.slots.map(\.node) == ["cpu"])
    #expect(decisions.placement(of: 2)?.slots.map(\.node) == ["gpu"], "the CPU node has only 28 cores left")
    #expect(decisions.placement(of: 2)?.slots.first?.cardIndices == [])
  }

  @Test func onlyReadyNodesTakeJobsAndDrainingNodesBecomeDrained() throws {
    var s = try Fixture.scheduler(enterprises: [acme], nodes: [Fixture.gpuNode("n1", cards: 2)])
    try s.submit(Fixture.job(1, "acme"))
    _ = s.cycle(at: 0)
    _ = try s.handle(.setNodeState("n1", .draining), at: 1)
    #expect(s.node("n1")?.state == .draining)
    try s.submit(Fixture.job(2, "acme", submit: 2))
    #expect(s.cycle(at: 2).started.isEmpty)
    let finished = try s.handle(.jobFinished(1, .succeeded), at: 3)
    #expect(finished.contains(.nodeStateChanged("n1", .drained)))
    _ = try s.handle(.setNodeState("n1", .ready), at: 4)
    #expect(s.cycle(at: 4).started == [2])
  }

  @Test func aLostNodeRequeuesOrFailsItsJobs() throws {
    var s = try Fixture.scheduler(
      enterprises: [acme], nodes: [Fixture.gpuNode("n1"), Fixture.gpuNode("n2", cards: 1)])
    try s.submit(
      Fixture.job(1, "acme", cards: 8, submit: 0, requeue: true),
      Fixture.job(2, "acme", cards: 1, submit: 1, requeue: false),
      Fixture.job(3, "acme", cards: 8, nodes: 2, submit: 2))
    let first = s.cycle(at: 2)
    #expect(Set(first.started) == [1, 2])
    let lost = try s.handle(.nodeLost("n1"), at: 10)
    #expect(lost.contains(.requeued(1, because: .nodeFailed)))
    #expect(s.job(1)?.state == .pending)
    #expect(s.job(1)?.spec.submitTime == 0, "a requeued job keeps its submit time")
    #expect(s.node("n1")?.state == .down)
    let lost2 = try s.handle(.nodeLost("n2"), at: 11)
    #expect(lost2.contains(.ended(2, .nodeFailed, charged: .zero)))
    #expect(s.job(2) == nil)
    // The node comes back: the requeued job runs again.
    _ = try s.handle(.registerNode(Fixture.gpuNode("n1")), at: 20)
    #expect(s.cycle(at: 20).started == [1])
  }
}
