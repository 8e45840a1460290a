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

  @Test("Marks added in one walk over a slot are those added one by one, and the walk says which it added")
  func aWalkMarksAsSearchesDo() {
    var rng = ScenarioRNG(seed: 11)
    var walked = FreeIndex()
    for node in 0..<2_000 {
      var entry = FreeIndex.Entry(
        freeCpu: rng.int(0...64) * 1_000, freeMemory: rng.int(0...8) * 1_024, node: Int32(node))
      if rng.chance(0.1) { entry.marks = .reclaimable }
      walked.insert(entry, slot: 1 + node % 2, freeCards: rng.int(0...8))
    }
    var searched = walked
    var wanted = [FreeIndex.Marks](repeating: [], count: 2_000)
    var expected: [(node: Int32, marks: FreeIndex.Marks)] = []
    for cards in 0...8 {
      for entry in Array(walked.groups[1][cards]) where rng.chance(0.3) {
        let marks: FreeIndex.Marks = rng.chance(0.5) ? .reclaimable : [.reclaimable, .singleCard]
        wanted[Int(entry.node)] = marks
        var key = entry
        key.marks = []
        searched.mark(key, slot: 1, freeCards: cards, with: marks)
        let added = marks.subtracting(entry.marks)
        if !added.isEmpty { expected.append((entry.node, added)) }
      }
    }
    // Wanted on nodes of slot 2 too: the walk over slot 1 leaves them be.
    for node in stride(from: 1, to: 2_000, by: 50) { wanted[node] = .singleCard }
    let marked = walked.mark(slot: 1, wanted: wanted)
    #expect(!expected.isEmpty)
    #expect(marked.map(\.node) == expected.map(\.node) && marked.map(\.marks) == expected.map(\.marks))
    #expect(walked.marksAreCounted)
    for slot in 1...2 {
      for cards in 0...8 {
        #expect(Array(walked.groups[slot][cards]).map(\.marks) == Array(searched.groups[slot][cards]).map(\.marks))
      }
    }
  }
}
