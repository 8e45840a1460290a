import Testing

@testable import SuanliCore

/// A watchlist keeps its watches by amount, each amount a heap by rank. In any order of adds
/// and removals, the best watch within an amount must be the one a look at every watch finds.
@Suite("Watchlist") struct WatchlistTests {
  @Test("Thousands of adds and removals keep the best watch within any amount right")
  func bestWithinMatchesALookAtEveryWatch() {
    var rng = ScenarioRNG(seed: 11)
    var list = Watchlist()
    var expected: [Watchlist.Watch] = []
    func bestByLooking(within available: Int64) -> Watchlist.Watch? {
      expected.filter { $0.amount <= available }.min { $0.ranksBefore($1) }
    }
    for round in 0..<6_000 {
      if round % 3 == 2, !expected.isEmpty {
        // Remove the best within some amount (as a wake does) or any watch (as a stale one is dropped).
        let available = Int64(rng.int(0...40))
        let watch =
          rng.chance(0.5)
          ? (bestByLooking(within: available) ?? expected[0]) : expected[rng.int(0...expected.count - 1)]
        list.remove(watch)
        expected.remove(at: expected.firstIndex(of: watch)!)
      } else {
        // Now and then many at once (as when the lists are rebuilt), put in order in one go.
        for _ in 0..<(round % 1_000 == 1 ? 200 : 1) {
          // Few amounts and ranks, so ties in both are common; a bucket watched twice in one generation too.
          let watch = Watchlist.Watch(
            amount: Int64(rng.int(1...32)), bucket: Int32(rng.int(0...200)), generation: UInt32(rng.int(0...2)),
            rank: Rank(
              priority: Double(rng.int(0...20)), submit: Time(rng.int(0...5)), job: JobID(UInt64(rng.int(0...300)))))
          list.add(watch)
          expected.append(watch)
        }
      }
      // The same amount asked after every change (a list answers again from memory while unchanged).
      #expect(list.best(within: 16) == bestByLooking(within: 16))
      if round % 7 == 0 {
        for available: Int64 in [0, 1, 5, 16, 31, 32, 100] {
          #expect(list.best(within: available) == bestByLooking(within: available))
        }
      }
    }
    #expect(expected.count > 100)
    #expect(list.watches == expected.sorted { $0.precedes($1) })
    for watch in expected { list.remove(watch) }
    #expect(list.isEmpty && list.best(within: .max) == nil)
    // Emptied amounts are kept for reuse, but no more than a few: a question walks them all.
    #expect(list.amountCount <= Watchlist.keptAmounts)
  }

  @Test("A list emptied for a rebuild answers as a new one, before and after it fills again")
  func anEmptiedListIsLikeANewOne() {
    for amounts in [4, Watchlist.keptAmounts + 8] {
      var rng = ScenarioRNG(seed: UInt64(amounts))
      var list = Watchlist()
      func fill(_ count: Int) -> [Watchlist.Watch] {
        (0..<count).map { _ in
          let watch = Watchlist.Watch(
            amount: Int64(rng.int(1...amounts)), bucket: Int32(rng.int(0...500)), generation: 0,
            rank: Rank(priority: Double(rng.int(0...50)), submit: 0, job: JobID(UInt64(rng.int(0...900)))))
          list.add(watch)
          return watch
        }
      }
      _ = fill(300)
      #expect(list.best(within: .max) != nil)
      list.removeAll()
      #expect(list.isEmpty && list.best(within: .max) == nil && list.watches.isEmpty)
      #expect(list.amountCount <= Watchlist.keptAmounts)
      let again = fill(200)
      #expect(list.watches == again.sorted { $0.precedes($1) })
      for available: Int64 in [0, 1, 3, 8, .max] {
        #expect(list.best(within: available) == again.filter { $0.amount <= available }.min { $0.ranksBefore($1) })
      }
    }
  }
}
