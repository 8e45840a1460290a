import Testing

@testable import SuanliCore

/// A bucket's first entry is read as its head without a look at the job: an entry left behind by a job that
/// was forgotten must never pass for a later job with the same ID (the daemon may reuse the IDs of a batch it
/// refused).
@Suite struct QueueTests {
  let acme = Fixture.enterprise("acme", limit: ["h200": 64])

  @Test func aReusedIDIsNotTakenForTheEntryItsCancelledJobLeftBehind() throws {
    var s = try Fixture.scheduler(enterprises: [acme], nodes: [])
    // Jobs 1 and 2 wait in one bucket; job 2, behind job 1, is cancelled: its entry stays behind job 1's.
    try s.submit(Fixture.job(1, "acme", submit: 1), Fixture.job(2, "acme", submit: 2))
    #expect(s.cycle(at: 2).started.isEmpty)
    _ = try s.handle(.cancel(2), at: 3)
    // ID 2 comes back for a CPU-only job, in another bucket.
    try s.submit(Fixture.job(2, "acme", cards: 0, submit: 4))
    _ = try s.handle(.registerNode(Fixture.gpuNode("n1", cards: 1)), at: 5)
    #expect(Set(s.cycle(at: 5).started) == [1, 2])
    let headsAfterStart = s.bucketHeadsAreCurrent()
    #expect(headsAfterStart)
    // Job 2 ends; job 3 joins job 1's bucket and starts when job 1 ends.
    _ = try s.handle(.jobFinished(2, .succeeded), at: 6)
    try s.submit(Fixture.job(3, "acme", submit: 7))
    _ = try s.handle(.jobFinished(1, .succeeded), at: 8)
    #expect(s.cycle(at: 8).started == [3])
    let headsAtEnd = s.bucketHeadsAreCurrent()
    #expect(headsAtEnd)
  }
}
