import Testing

@testable import SuanliCore

/// Waiters for room are kept in lanes by label selector and slot, and a node's scan looks only at the lanes it
/// could serve.
@Suite struct WaiterLaneTests {
  let acme = Fixture.enterprise("acme", limit: ["h200": 64, "a100": 64])

  /// Four nodes full, cards and CPU (h200 at sites a and b, a100 at site a, CPU-only), and a waiting job of each
  /// kind.
  func fullClusterWithWaiters() throws -> Scheduler {
    var s = try Fixture.scheduler(
      enterprises: [acme],
      nodes: [
        Fixture.gpuNode("a-h200", labels: ["site": "a"]), Fixture.gpuNode("b-h200", labels: ["site": "b"]),
        Fixture.gpuNode("a-a100", model: "a100", labels: ["site": "a"]), Fixture.cpuNode("cpu"),
      ])
    try s.submit(
      Fixture.job(1, "acme", cards: 8, cpu: 64_000, selector: ["site": "a"]),
      Fixture.job(2, "acme", cards: 8, cpu: 64_000, selector: ["site": "b"]),
      Fixture.job(3, "acme", cards: 8, models: ["a100"], cpu: 64_000),
      Fixture.job(4, "acme", cards: 0, cpu: 32_000))
    #expect(Set(s.cycle(at: 0).started) == [1, 2, 3, 4])
    try s.submit(
      Fixture.job(11, "acme", cards: 2, submit: 1, selector: ["site": "b"]),
      Fixture.job(12, "acme", cards: 2, submit: 2, selector: ["site": "a"]),
      Fixture.job(13, "acme", cards: 2, submit: 3),
      Fixture.job(14, "acme", cards: 2, models: ["a100"], submit: 4),
      Fixture.job(15, "acme", cards: 0, cpu: 1_000, submit: 5))
    #expect(s.cycle(at: 5).started.isEmpty)
    return s
  }

  @Test func aNodesScanLooksOnlyAtTheLanesOfItsSlotAndOfTheSelectorsItsLabelsMatch() throws {
    var s = try fullClusterWithWaiters()
    func lanes(of node: String) -> Set<String> {
      Set(
        s.lanes(for: s.nodeIndex[node]!).map { lane in
          let key = s.laneKeys[lane]
          let selector = s.selectorGroups[Int(key.selectorGroup)].map { "\($0.key)=\($0.value)" }.joined()
          let slot = key.slot == 0 ? "cpu" : s.models.name(of: ModelID(key.slot - 1))
          return selector.isEmpty ? slot : "\(slot)@\(selector)"
        })
    }
    #expect(lanes(of: "a-h200") == ["cpu", "h200", "h200@site=a"])
    #expect(lanes(of: "b-h200") == ["cpu", "h200", "h200@site=b"])
    #expect(lanes(of: "a-a100") == ["cpu", "a100"])
    #expect(lanes(of: "cpu") == ["cpu"])

    // A node keeps its lanes: a lane added later joins those of the nodes it serves, and an update of a node's
    // labels gives it the lanes of its new labels.
    try s.submit(Fixture.job(16, "acme", cards: 1, models: ["a100"], submit: 6, selector: ["site": "b"]))
    #expect(lanes(of: "a-a100") == ["cpu", "a100"])
    #expect(lanes(of: "b-h200") == ["cpu", "h200", "h200@site=b"])
    _ = try s.handle(.registerNode(Fixture.gpuNode("a-a100", model: "a100", labels: ["site": "b"])), at: 6)
    #expect(lanes(of: "a-a100") == ["cpu", "a100", "a100@site=b"])
  }

  @Test func roomFreedAtOneSiteGoesToItsWaitersAndTheOtherSitesWaitersWaitForTheirOwn() throws {
    var s = try fullClusterWithWaiters()
    _ = try s.handle(.jobFinished(1, .succeeded), at: 10)
    // Job 11, the oldest, needs site b: the room at site a goes to jobs 12 and 13 (and its CPU to job 15).
    #expect(Set(s.cycle(at: 10).started) == [12, 13, 15])
    #expect(s.job(11)?.state == .pending)
    _ = try s.handle(.jobFinished(2, .succeeded), at: 20)
    #expect(s.cycle(at: 20).started == [11])
  }
}
