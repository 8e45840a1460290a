import Testing

@testable import SuanliCore

/// Bad input gets a clear error and changes nothing.
@Suite struct ValidationTests {
  func make() throws -> Scheduler {
    try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 8])], nodes: [Fixture.gpuNode("n1")])
  }

  static let badJobs: [(String, JobSpec)] = [
    ("unknown enterprise", Fixture.job(1, "nobody")),
    ("zero nodes", Fixture.job(1, "acme", nodes: 0)),
    ("too many nodes", Fixture.job(1, "acme", nodes: 5_000)),
    ("zero walltime", Fixture.job(1, "acme", walltime: 0)),
    ("walltime over the maximum", Fixture.job(1, "acme", walltime: 100 * 86_400)),
    ("negative CPU", Fixture.job(1, "acme", cpu: -1)),
    ("negative memory", Fixture.job(1, "acme", memory: -5)),
    ("too many cards", Fixture.job(1, "acme", cards: 65)),
    ("cards without a model", Fixture.job(1, "acme", cards: 1, models: [])),
    ("duplicate models", Fixture.job(1, "acme", models: ["h200", "h200"])),
    ("empty model name", Fixture.job(1, "acme", models: [""])),
    // The scheduler keeps a job's usable models as a 16-bit mask (`ModelIndices`).
    ("more than 16 models", Fixture.job(1, "acme", models: ["h200"] + (1...16).map { "m\($0)" })),
    ("nothing asked", Fixture.job(1, "acme", cards: 0, cpu: 0)),
    ("empty selector key", Fixture.job(1, "acme", selector: ["": "x"])),
    ("absurd submit time", Fixture.job(1, "acme", submit: Time.min)),
    ("over the limit", Fixture.job(1, "acme", cards: 8, nodes: 2)),
  ]

  @Test(arguments: badJobs)
  func aBadSubmissionIsRefusedAndChangesNothing(_ what: String, spec: JobSpec) throws {
    var s = try make()
    let before = s.enterprise("acme")
    #expect(throws: CoreError.self, "\(what)") { _ = try s.handle(.submit(spec), at: 0) }
    #expect(s.jobCount == 0)
    #expect(s.enterprise("acme") == before)
    #expect(s.cycle(at: 1).isEmpty)
  }

  @Test func duplicateAndUnknownJobsAreRefused() throws {
    var s = try make()
    try s.submit(Fixture.job(1, "acme"))
    #expect(throws: CoreError.duplicateJob(1)) { try s.submit(Fixture.job(1, "acme")) }
    #expect(throws: CoreError.unknownJob(9)) { _ = try s.handle(.cancel(9), at: 0) }
    #expect(throws: CoreError.unknownJob(9)) { _ = try s.handle(.jobFinished(9, .succeeded), at: 0) }
    #expect(throws: CoreError.wrongState(1, .pending, "finish")) { _ = try s.handle(.jobFinished(1, .failed), at: 0) }
    _ = s.cycle(at: 0)
    #expect(throws: CoreError.self) { _ = try s.handle(.jobFinished(1, .preempted), at: 1) }
    #expect(s.job(1)?.state == .running)
  }

  @Test func badNodesAndGrantsAreRefused() throws {
    var s = try make()
    #expect(throws: CoreError.self) {
      _ = try s.handle(.registerNode(NodeSpec(name: "", cpuMillis: 1, memoryMiB: 1)), at: 0)
    }
    #expect(throws: CoreError.self) { _ = try s.handle(.registerNode(Fixture.gpuNode("x", cards: 65)), at: 0) }
    #expect(throws: CoreError.self) {
      _ = try s.handle(.registerNode(NodeSpec(name: "x", cpuMillis: 1, memoryMiB: 1, cards: 2)), at: 0)
    }
    #expect(throws: CoreError.unknownNode("ghost")) { _ = try s.handle(.nodeLost("ghost"), at: 0) }
    #expect(throws: CoreError.self) { _ = try s.handle(.grant(enterprise: "acme", Credits(-5)), at: 0) }
    #expect(throws: CoreError.unknownEnterprise("ghost")) {
      _ = try s.handle(.grant(enterprise: "ghost", Credits(5)), at: 0)
    }
    let tooManyLabels = Dictionary(uniqueKeysWithValues: (0..<33).map { ("k\($0)", "v") })
    #expect(throws: CoreError.self) {
      _ = try s.handle(.registerNode(Fixture.gpuNode("x", labels: tooManyLabels)), at: 0)
    }
    #expect(throws: CoreError.self) { _ = try s.handle(.registerNode(Fixture.gpuNode("x", labels: ["": "v"])), at: 0) }
    #expect(s.nodeNames == ["n1"])
  }

  @Test func anEnterpriseCannotOpenInDebt() throws {
    let spec = Fixture.enterprise("acme", limit: ["h200": 8], credits: -1)
    #expect(throws: CoreError.self) { _ = try Scheduler(enterprises: [spec]) }
  }

  @Test func aNodeRunningJobsCannotShrinkUnderThem() throws {
    var s = try make()
    try s.submit(Fixture.job(1, "acme", cards: 6))
    _ = s.cycle(at: 0)
    #expect(throws: CoreError.self) { _ = try s.handle(.registerNode(Fixture.gpuNode("n1", cards: 4)), at: 1) }
    #expect(s.node("n1")?.spec.cards == 8)
    _ = try s.handle(.registerNode(Fixture.gpuNode("n1", cards: 8, labels: ["rack": "r1"])), at: 1)
    #expect(s.node("n1")?.spec.labels == ["rack": "r1"])
    #expect(s.node("n1")?.freeCards == 2)
  }

  @Test func reconfigurationIsValidatedAsAWholeAndKeepsJobsAndLedgers() throws {
    var s = try make()
    try s.submit(Fixture.job(1, "acme"))
    _ = s.cycle(at: 0)
    let bad = [Fixture.enterprise("acme", limit: ["h200": 8], weight: 0)]
    #expect(throws: CoreError.self) { try s.reconfigure(enterprises: bad, prices: s.prices, config: s.config) }
    #expect(throws: CoreError.self, "acme still has a job") {
      try s.reconfigure(enterprises: [Fixture.enterprise("other", limit: [:])], prices: s.prices, config: s.config)
    }
    let balance = try #require(s.enterprise("acme")).balance
    try s.reconfigure(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 2], credits: 1), Fixture.enterprise("new", limit: [:])],
      prices: s.prices, config: s.config)
    #expect(s.enterprise("acme")?.balance == balance, "a reload keeps the ledger")
    #expect(s.enterprise("acme")?.spec.limit.cards == ["h200": 2])
    #expect(s.job(1)?.state == .running)
    #expect(s.enterpriseIDs.contains("new"))
  }
}
