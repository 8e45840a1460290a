import Testing

@testable import SuanliCore

/// The free index keeps each group in chunks; in any order of inserts and removals it must read as one sorted
/// list, and start at the first entry with enough CPU.
@Suite("Free index") struct FreeIndexTests {
  @Test("Thousands of inserts and removals keep a group sorted across its chunks")
  func groupStaysSorted() {
    var rng = ScenarioRNG(seed: 7)
    var index = FreeIndex()
    var expected: [FreeIndex.Entry] = []
    for round in 0..<6_000 {
      if round % 3 == 2, !expected.isEmpty {
        let entry = expected.remove(at: rng.int(0...expected.count - 1))
        index.remove(entry, slot: 1, freeCards: 0)
      } else {
        let entry = FreeIndex.Entry(
          freeCpu: rng.int(0...64) * 1_000, freeMemory: rng.int(0...8) * 1_024, node: Int32(round))
        index.insert(entry, slot: 1, freeCards: 0)
        expected.append(entry)
      }
    }
    expected.sort()
    #expect(expected.count > 2 * FreeIndex.Group.chunkLimit)
    #expect(Array(index.groups[1][0]) == expected)
    for cpu in [0, 1, 16_000, 31_500, 64_000, 65_000] {
      let firstWithCpu = expected.firstIndex { $0.freeCpu >= cpu } ?? expected.count
      #expect(Array(index.groups[1][0].entries(withCpuAtLeast: cpu)) == Array(expected[firstWithCpu...]))
    }
    for entry in expected { index.remove(entry, slot: 1, freeCards: 0) }
    #expect(index.groups[1][0].isEmpty)
    #expect(index.largestFreeBlock(slot: 1) == 0)
  }

  @Test("Marked entries are walked in order, chunks without any passed over, through inserts, marks and removals")
  func marksAreWalkedInOrder() {
    var rng = ScenarioRNG(seed: 9)
    var index = FreeIndex()
    var expected: [FreeIndex.Entry] = []
    for round in 0..<6_000 {
      if round % 4 == 3, !expected.isEmpty {
        let entry = expected.remove(at: rng.int(0...expected.count - 1))
        index.remove(
          FreeIndex.Entry(freeCpu: entry.freeCpu, freeMemory: entry.freeMemory, node: entry.node), slot: 1, freeCards: 0
        )
      } else if round % 4 == 2, !expected.isEmpty {
        // Marks added in place, found by the entry's place alone.
        let k = rng.int(0...expected.count - 1)
        let marks: FreeIndex.Marks = rng.chance(0.5) ? .reclaimable : [.reclaimable, .singleCard]
        var key = expected[k]
        key.marks = []
        index.mark(key, slot: 1, freeCards: 0, with: marks)
        expected[k].marks.formUnion(marks)
      } else {
        var entry = FreeIndex.Entry(
          freeCpu: rng.int(0...64) * 1_000, freeMemory: rng.int(0...8) * 1_024, node: Int32(round))
        if rng.chance(0.1) { entry.marks = .reclaimable }
        index.insert(entry, slot: 1, freeCards: 0)
        expected.append(entry)
      }
      if round % 500 == 0 { #expect(index.marksAreCounted) }
    }
    expected.sort()
    let group = index.groups[1][0]
    #expect(index.marksAreCounted)
    #expect(Array(group) == expected)
    #expect(Array(group).map(\.marks) == expected.map(\.marks))
    for marks: FreeIndex.Marks in [.reclaimable, .singleCard] {
      let marked = expected.filter { $0.marks.isSuperset(of: marks) }
      #expect(!marked.isEmpty && marked.count < expected.count)
      #expect(Array(group.marked(marks)) == marked)
      for start in [expected[0], expected[expected.count / 3], expected[expected.count - 1]] {
        #expect(Array(group.entries(from: start, marked: marks)) == marked.filter { !($0 < start) })
      }
    }
    index.removeMarks()
    #expect(index.marksAreCounted && Array(index.groups[1][0].marked(.reclaimable)).isEmpty)
  }
}
