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

  /// groups[slot][freeCards] = entries sorted ascending.
  private(set) var groups: [[[Entry]]] = [[[]]]

  mutating func insert(_ entry: Entry, slot: Int, freeCards: Int) {
    ensure(slot: slot, freeCards: freeCards)
    let position = Self.lowerBound(groups[slot][freeCards], entry)
    groups[slot][freeCards].insert(entry, at: position)
  }

  mutating func remove(_ entry: Entry, slot: Int, freeCards: Int) {
    let position = Self.lowerBound(groups[slot][freeCards], entry)
    precondition(position < groups[slot][freeCards].count && groups[slot][freeCards][position] == entry)
    groups[slot][freeCards].remove(at: position)
  }

  /// Number of free-card groups in a slot (the most free cards any node of it can have, plus one).
  func groupCount(slot: Int) -> Int { slot < groups.count ? groups[slot].count : 0 }

  /// Position of the first entry with at least `cpu` free.
  static func firstWith(cpu: Int, in group: [Entry]) -> Int {
    lowerBound(group, Entry(freeCpu: cpu, freeMemory: Int.min, node: Int32.min))
  }

  /// The largest free-card count of any indexed node in the slot (0 when none).
  func largestFreeBlock(slot: Int) -> Int {
    guard slot < groups.count else { return 0 }
    for cards in stride(from: groups[slot].count - 1, through: 0, by: -1) where !groups[slot][cards].isEmpty {
      return cards
    }
    return 0
  }

  private mutating func ensure(slot: Int, freeCards: Int) {
    while groups.count <= slot { groups.append([[]]) }
    while groups[slot].count <= freeCards { groups[slot].append([]) }
  }

  private static func lowerBound(_ entries: [Entry], _ value: Entry) -> Int {
    var low = 0
    var high = entries.count
    while low < high {
      let mid = (low + high) >> 1
      if entries[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
