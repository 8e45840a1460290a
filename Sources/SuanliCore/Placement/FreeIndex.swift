internal import Algorithms

/// The index behind placement: ready nodes grouped by accelerator model ("slot"; slot 0 holds nodes without
/// cards) and by number of free cards, each group sorted by free CPU, then free memory, then node number.
///
/// Best fit is then a walk from the smallest sufficient free-card group upward, starting each group at the
/// first node with enough free CPU: the first nodes that also pass the remaining checks are the best ones,
/// and a decision rarely looks at more than a handful of nodes.
struct FreeIndex: Sendable {
  struct Entry: Comparable, Sendable {
    var freeCpu: Int
    var freeMemory: Int
    var node: Int32
    /// What the node is marked for: not part of the order, nor of equality (an entry is its place).
    var marks = Marks()

    static func < (a: Entry, b: Entry) -> Bool {
      if a.freeCpu != b.freeCpu { return a.freeCpu < b.freeCpu }
      if a.freeMemory != b.freeMemory { return a.freeMemory < b.freeMemory }
      return a.node < b.node
    }

    static func == (a: Entry, b: Entry) -> Bool {
      (a.freeCpu, a.freeMemory, a.node) == (b.freeCpu, b.freeMemory, b.node)
    }
  }

  /// Marks on entries that a walk may keep to (`Group.marked`): each chunk counts its marked entries, so a walk
  /// passes over a chunk without any in one step. Marking an entry finds it and counts it: no entry moves.
  struct Marks: OptionSet, Sendable {
    var rawValue: UInt8
    /// Reclaim could take cards there (see `Scheduler.reclaimIndex`).
    static let reclaimable = Marks(rawValue: 1)
    /// Reclaim could take a job holding a single card there.
    static let singleCard = Marks(rawValue: 2)
  }

  /// How many entries of a chunk carry each mark.
  struct MarkCounts: Equatable, Sendable {
    var reclaimable: Int32 = 0
    var singleCard: Int32 = 0

    init() {}

    init(_ marks: Marks) { add(marks) }

    init(_ entries: [Entry]) {
      for entry in entries { add(entry.marks) }
    }

    mutating func add(_ marks: Marks, sign: Int32 = 1) {
      if marks.contains(.reclaimable) { reclaimable += sign }
      if marks.contains(.singleCard) { singleCard += sign }
    }

    /// Whether the chunk may hold entries with all of `marks`.
    func mayHold(_ marks: Marks) -> Bool {
      (!marks.contains(.reclaimable) || reclaimable > 0) && (!marks.contains(.singleCard) || singleCard > 0)
    }
  }

  /// groups[slot][freeCards], sorted ascending.
  private(set) var groups: [[Group]] = [[Group()]]

  mutating func insert(_ entry: Entry, slot: Int, freeCards: Int) {
    ensure(slot: slot, freeCards: freeCards)
    groups[slot][freeCards].insert(entry)
  }

  /// Removes the entry at `entry`'s place (its marks aside).
  mutating func remove(_ entry: Entry, slot: Int, freeCards: Int) {
    groups[slot][freeCards].remove(entry)
  }

  /// Adds marks to the entry at `entry`'s place.
  mutating func mark(_ entry: Entry, slot: Int, freeCards: Int, with marks: Marks) {
    groups[slot][freeCards].mark(entry, with: marks)
  }

  /// Adds to each entry of the slot the marks it lacks of those `wanted[node]` says, in one walk over the slot's
  /// groups: many marks at once (a rise of an enterprise may mark a thousand nodes) cost less so than a search
  /// each, which looks into a dozen chunks at random. Returns the nodes that gained marks, with those marks.
  mutating func mark(slot: Int, wanted: [Marks]) -> [(node: Int32, marks: Marks)] {
    var marked: [(node: Int32, marks: Marks)] = []
    guard slot < groups.count else { return marked }
    for cards in groups[slot].indices { groups[slot][cards].mark(wanted: wanted, into: &marked) }
    return marked
  }

  /// How many entries the slot's groups hold.
  func entryCount(slot: Int) -> Int {
    slot < groups.count ? groups[slot].reduce(0) { $0 + $1.count } : 0
  }

  /// Takes every mark off.
  mutating func removeMarks() {
    for slot in groups.indices {
      for cards in groups[slot].indices { groups[slot][cards].removeMarks() }
    }
  }

  /// Every group's entries with all of `marks`, by slot and free cards, groups without any left out (for
  /// comparing two indexes).
  func contents(marked marks: Marks) -> [[Int]: [Entry]] {
    var result: [[Int]: [Entry]] = [:]
    for slot in groups.indices {
      for cards in groups[slot].indices {
        let entries = Array(groups[slot][cards].marked(marks))
        if !entries.isEmpty { result[[slot, cards]] = entries }
      }
    }
    return result
  }

  /// Number of free-card groups in a slot (the most free cards any node of it can have, plus one).
  func groupCount(slot: Int) -> Int { slot < groups.count ? groups[slot].count : 0 }

  /// The largest free-card count of any indexed node in the slot (0 when none).
  func largestFreeBlock(slot: Int) -> Int {
    guard slot < groups.count else { return 0 }
    for cards in stride(from: groups[slot].count - 1, through: 0, by: -1) where !groups[slot][cards].isEmpty {
      return cards
    }
    return 0
  }

  private mutating func ensure(slot: Int, freeCards: Int) {
    while groups.count <= slot { groups.append([Group()]) }
    while groups[slot].count <= freeCards { groups[slot].append(Group()) }
  }

  /// Whether every chunk's counts of marked entries are right (checked by the tests).
  var marksAreCounted: Bool { groups.allSatisfy { $0.allSatisfy(\.marksAreCounted) } }

  /// One group's entries in ascending order, kept in chunks of bounded size: a node that changes moves at most a
  /// hundred or so entries, not every entry of a group that may hold most of the cluster. Every start and end of
  /// a job moves its nodes: at 512 entries a chunk, such moves were a visible part of the slowest events.
  struct Group: Sequence, Sendable {
    static let chunkLimit = 128
    private var chunks: [[Entry]] = []
    /// Per chunk: how many of its entries carry each mark.
    private var counts: [MarkCounts] = []

    var isEmpty: Bool { chunks.isEmpty }

    /// How many entries it holds.
    var count: Int { chunks.reduce(0) { $0 + $1.count } }

    mutating func insert(_ entry: Entry) {
      guard !chunks.isEmpty else {
        // Appended, not assigned: the emptied lists keep their room (in a full cluster, groups of nodes with a
        // few free cards empty and fill again at nearly every start and end).
        chunks.append([entry])
        counts.append(MarkCounts(entry.marks))
        return
      }
      // The first chunk whose last entry is not below the new one (or the last chunk).
      let c = Swift.min(chunkIndex(for: entry), chunks.count - 1)
      chunks[c].insert(entry, at: Self.lowerBound(chunks[c], entry))
      counts[c].add(entry.marks)
      if chunks[c].count > Self.chunkLimit {
        let upper = Array(chunks[c][(Self.chunkLimit / 2)...])
        chunks[c].removeSubrange((Self.chunkLimit / 2)...)
        chunks.insert(upper, at: c + 1)
        counts[c] = MarkCounts(chunks[c])
        counts.insert(MarkCounts(upper), at: c + 1)
      }
    }

    mutating func remove(_ entry: Entry) {
      let (c, position) = place(of: entry)
      let removed = chunks[c].remove(at: position)
      if chunks[c].isEmpty {
        chunks.remove(at: c)
        counts.remove(at: c)
      } else {
        counts[c].add(removed.marks, sign: -1)
      }
    }

    mutating func mark(_ entry: Entry, with marks: Marks) {
      let (c, position) = place(of: entry)
      let added = marks.subtracting(chunks[c][position].marks)
      chunks[c][position].marks.formUnion(added)
      counts[c].add(added)
    }

    /// Adds to each entry the marks it lacks of those `wanted[node]` says, noting them in `marked`.
    mutating func mark(wanted: [Marks], into marked: inout [(node: Int32, marks: Marks)]) {
      for c in chunks.indices {
        for k in chunks[c].indices {
          let added = wanted[Int(chunks[c][k].node)].subtracting(chunks[c][k].marks)
          guard !added.isEmpty else { continue }
          chunks[c][k].marks.formUnion(added)
          counts[c].add(added)
          marked.append((chunks[c][k].node, added))
        }
      }
    }

    mutating func removeMarks() {
      for c in chunks.indices where counts[c] != MarkCounts() {
        for k in chunks[c].indices { chunks[c][k].marks = [] }
        counts[c] = MarkCounts()
      }
    }

    /// The chunk and position of the entry at `entry`'s place (it must be there).
    private func place(of entry: Entry) -> (chunk: Int, position: Int) {
      let c = chunkIndex(for: entry)
      precondition(c < chunks.count)
      let position = Self.lowerBound(chunks[c], entry)
      precondition(position < chunks[c].count && chunks[c][position] == entry)
      return (c, position)
    }

    func makeIterator() -> Iterator { Iterator(chunks: chunks, counts: counts, chunk: 0, position: 0) }

    /// The entries with all of `marks`, in order.
    func marked(_ marks: Marks) -> Iterator {
      Iterator(chunks: chunks, counts: counts, chunk: 0, position: 0, marks: marks)
    }

    /// The entries from the first with at least `cpu` free, in order.
    func entries(withCpuAtLeast cpu: Int) -> Iterator {
      entries(from: Entry(freeCpu: cpu, freeMemory: Int.min, node: Int32.min))
    }

    /// The entries with all of `marks` from `value` on (the first not below it), in order.
    func entries(from value: Entry, marked marks: Marks = []) -> Iterator {
      let c = chunkIndex(for: value)
      guard c < chunks.count else {
        return Iterator(chunks: chunks, counts: counts, chunk: chunks.count, position: 0, marks: marks)
      }
      return Iterator(
        chunks: chunks, counts: counts, chunk: c, position: Self.lowerBound(chunks[c], value), marks: marks)
    }

    struct Iterator: IteratorProtocol, Sequence {
      fileprivate let chunks: [[Entry]]
      fileprivate let counts: [MarkCounts]
      fileprivate var chunk: Int
      fileprivate var position: Int
      fileprivate var marks = Marks()

      mutating func next() -> Entry? {
        while chunk < chunks.count {
          if position < chunks[chunk].count && counts[chunk].mayHold(marks) {
            let entry = chunks[chunk][position]
            position += 1
            if entry.marks.isSuperset(of: marks) { return entry }
            continue
          }
          chunk += 1
          position = 0
        }
        return nil
      }
    }

    var marksAreCounted: Bool {
      chunks.count == counts.count && zip(chunks, counts).allSatisfy { chunk, count in MarkCounts(chunk) == count }
    }

    /// The first chunk whose last entry is not below `value` (`chunks.count` when none).
    private func chunkIndex(for value: Entry) -> Int {
      chunks.partitioningIndex { !($0[$0.count - 1] < value) }
    }

    private static func lowerBound(_ entries: [Entry], _ value: Entry) -> Int {
      entries.partitioningIndex { !($0 < value) }
    }
  }
}
