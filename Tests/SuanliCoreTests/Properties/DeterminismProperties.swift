import PropertyBased
import Testing

@testable import SuanliCore

/// 6. The same configuration and event stream always give the same decisions.
@Suite("Determinism properties") struct DeterminismProperties {
  @Test("6. Replaying the same event stream into fresh schedulers gives identical decisions and state")
  func replayIsIdentical() async {
    await propertyCheck(count: 150, input: Gen.uint64(), Gen.int(in: 5...80)) { seed, events in
      let scenario = Scenario.random(seed: seed)
      var original = Simulation(scenario)
      var outcomes: [Result<[Decision], CoreError>] = []
      let remember = { (record: StepRecord) -> Bool in
        outcomes.append(record.outcome)
        return true
      }
      var stream = EventStream(seed: seed)
      stream.run(&original, events: events, observe: remember)
      // The state in full once the stream is over (before everything is wound down), and at the very end.
      let checkpoint = (step: original.trace.count - 1, state: PublicState(original.scheduler))
      stream.windDown(&original, observe: remember)
      let final = PublicState(original.scheduler)
      // Two replays, so that each of them also runs in a scheduler whose dictionaries were built afresh.
      for replay in 1...2 {
        var copy = Simulation(scenario)
        for (index, step) in original.trace.enumerated() {
          let outcome = copy.apply(step).outcome
          let sameState =
            index == checkpoint.step
            ? PublicState(copy.scheduler) == checkpoint.state
            : index == original.trace.count - 1 ? PublicState(copy.scheduler) == final : true
          guard outcome == outcomes[index], sameState else {
            Issue.record(
              """
              seed \(seed) (events: \(events)), replay \(replay), step \(index) \(step) decided or ended differently:
                first:  \(outcomes[index])
                replay: \(outcome)
              """)
            return
          }
        }
      }
    }
  }
}
