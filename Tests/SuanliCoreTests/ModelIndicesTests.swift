import Testing

@testable import SuanliCore

/// The models a job may use, as a bit mask, behave as the list of indices they stand for.
@Suite struct ModelIndicesTests {
  @Test func iteratesInPreferenceOrderAndCountsAsTheListOfItsIndices() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      let indices = (0..<16).filter { _ in Bool.random(using: &generator) }
      var set = ModelIndices()
      for index in indices.shuffled(using: &generator) { set.insert(index) }
      #expect(Array(set) == indices)
      #expect(set.count == indices.count)
      #expect(set.isEmpty == indices.isEmpty)
      #expect((0..<20).allSatisfy { set.contains($0) == indices.contains($0) })
      #expect(Array(set.filter { $0 % 3 == 0 }) == indices.filter { $0 % 3 == 0 })
    }
    #expect(Array([2, 0, 2] as ModelIndices) == [0, 2])
  }

  @Test func aJobAcceptingSixteenModelsStartsOnItsLastOne() throws {
    let models = (1...15).map { "m\($0)" } + ["h200"]
    var s = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 8])], nodes: [Fixture.gpuNode("n1")])
    try s.submit(Fixture.job(1, "acme", models: models))
    #expect(s.cycle(at: 0).started == [1])
  }
}
