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
    static func < (a: Entry, b: Entry) -> Bool {
      if a.freeCpu != b.freeCpu { return a.freeCpu < b.freeCpu }
      if a.freeMemory != b.freeMemory { return a.freeMemory < b.freeMemory }
      return a.node < b.node
    }
  }

  /// groups[slot][freeCards], sorted ascending.
  private(set) var groups: [[Group]] = [[Group()]]

  mutating func insert(_ entry: Entry, slot: Int, freeCards: Int) {
    ensure(slot: slot, freeCards: freeCards)
    groups[slot][freeCards].insert(entry)
  }

  mutating func remove(_ entry: Entry, slot: Int, freeCards: Int) {
    groups[slot][freeCards].remove(entry)
  }

  /// Every non-empty group's entries, by slot and free cards (for comparing two indexes).
  var contents: [[Int]: [Entry]] {
    var result: [[Int]: [Entry]] = [:]
    for slot in groups.indices {
      for cards in groups[slot].indices where !groups[slot][cards].isEmpty {
        result[[slot, cards]] = Array(groups[slot][cards])
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

  /// One group's entries in ascending order, kept in chunks of bounded size: a node that changes moves at most a
  /// hundred or so entries, not every entry of a group that may hold most of the cluster. Every start and end of
  /// a job moves its nodes, and so does an enterprise that starts to borrow (it lists the nodes where its jobs
  /// could be reclaimed): at 512 entries a chunk, such moves were a visible part of the slowest events.
  struct Group: Sequence, Sendable {
    static let chunkLimit = 128
    private var chunks: [[Entry]] = []

    var isEmpty: Bool { chunks.isEmpty }

    mutating func insert(_ entry: Entry) {
      guard !chunks.isEmpty else {
        chunks = [[entry]]
        return
      }
      // The first chunk whose last entry is not below the new one (or the last chunk).
      let c = Swift.min(chunkIndex(for: entry), chunks.count - 1)
      chunks[c].insert(entry, at: Self.lowerBound(chunks[c], entry))
      if chunks[c].count > Self.chunkLimit {
        let upper = Array(chunks[c][(Self.chunkLimit / 2)...])
        chunks[c].removeSubrange((Self.chunkLimit / 2)...)
        chunks.insert(upper, at: c + 1)
      }
    }

    mutating func remove(_ entry: Entry) {
      let c = chunkIndex(for: entry)
      precondition(c < chunks.count)
      let position = Self.lowerBound(chunks[c], entry)
      precondition(position < chunks[c].count && chunks[c][position] == entry)
      chunks[c].remove(at: position)
      if chunks[c].isEmpty { chunks.remove(at: c) }
    }

    func makeIterator() -> Iterator { Iterator(chunks: chunks, chunk: 0, position: 0) }

    /// The entries from the first with at least `cpu` free, in order.
    func entries(withCpuAtLeast cpu: Int) -> Iterator {
      let value = Entry(freeCpu: cpu, freeMemory: Int.min, node: Int32.min)
      let c = chunkIndex(for: value)
      guard c < chunks.count else { return Iterator(chunks: chunks, chunk: chunks.count, position: 0) }
      return Iterator(chunks: chunks, chunk: c, position: Self.lowerBound(chunks[c], value))
    }

    /// The entries from `value` on (the first not below it), in order.
    func entries(from value: Entry) -> Iterator {
      let c = chunkIndex(for: value)
      guard c < chunks.count else { return Iterator(chunks: chunks, chunk: chunks.count, position: 0) }
      return Iterator(chunks: chunks, chunk: c, position: Self.lowerBound(chunks[c], value))
    }

    struct Iterator: IteratorProtocol, Sequence {
      fileprivate let chunks: [[Entry]]
      fileprivate var chunk: Int
      fileprivate var position: Int

      mutating func next() -> Entry? {
        while chunk < chunks.count {
          if position < chunks[chunk].count {
            defer { position += 1 }
            return chunks[chunk][position]
          }
          chunk += 1
          position = 0
        }
        return nil
      }
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
