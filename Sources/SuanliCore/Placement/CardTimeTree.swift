/// The card times of one slot's nodes (`Scheduler.cardTimeTrees`) as a tournament tree: for each count of cards
/// k = 1…`counts`, each leaf holds when k cards free up on its node, and every subtree knows the earliest of its
/// leaves. A search for the
/// nodes where a blocked job could start first (`Scheduler.earliestStart`) then skips whole subtrees whose
/// cards free up too late, instead of looking at every node of the model.
///
/// Leaves are positions handed out to nodes as they join the slot; a node that leaves it frees its position.
/// Each subtree also knows which node has its earliest time (the lowest of those tied), so that a search skips
/// a subtree of ties too once it has a node as early and lower. A subtree's time is only a lower bound for its
/// nodes' real earliest room (CPU, memory and reservations aside), and a node no longer indexed keeps its last
/// times: the search checks each node it reaches. Leaves change at every start and end of a job, searches are
/// far fewer: the subtrees above changed leaves are worked out when a search needs them (`settle()`).
struct CardTimeTree: Sendable {
  static let counts = Scheduler.cachedCardCounts

  /// A subtree's earliest time for one count of cards, and the node that has it (the lowest of those tied).
  struct Earliest: Equatable, Sendable {
    var time: Time
    var node: Int32

    static let never = Earliest(time: .max, node: .max)

    func isBefore(_ other: Earliest) -> Bool { (time, node) < (other.time, other.node) }
  }

  /// Leaves; a power of two (or 0).
  private(set) var capacity = 0
  /// The node at each leaf, -1 for a free one.
  private(set) var nodeAt: [Int32] = []
  /// Per tree position (1 is the root; leaf i is at `capacity + i`) and count of cards k = 1…`counts`, at
  /// `position * counts + k - 1`.
  private var earliest: [Earliest] = []
  private var freeLeaves: [Int32] = []
  /// Leaves set since the subtrees above them were last worked out (`settle()`), and a flag per leaf.
  private var changedLeaves: [Int32] = []
  private var leafChanged: [Bool] = []

  /// Whether every subtree says what its leaves say (reads of subtrees need it: `settle()` first).
  var isSettled: Bool { changedLeaves.isEmpty }

  /// The earliest time `cards` cards free up on a node under tree position `position` (`Time.max`: never).
  func time(at position: Int, cards: Int) -> Time {
    assert(isSettled || position >= capacity)
    return earliest[position * Self.counts + cards - 1].time
  }

  /// When `cards` cards free up on the node at `leaf` (as set: leaves are always up to date).
  func time(leaf: Int32, cards: Int) -> Time { earliest[(capacity + Int(leaf)) * Self.counts + cards - 1].time }

  /// The node under tree position `position` where `cards` cards free up earliest (the lowest of those tied).
  func earliestNode(at position: Int, cards: Int) -> Int32 {
    assert(isSettled || position >= capacity)
    return earliest[position * Self.counts + cards - 1].node
  }

  /// A lower bound of (earliest time, node) for a share of `cards` cards on the nodes under tree position
  /// `position`, as `Scheduler.earliestStart` orders them (times before `now` count as `now`); nil if no node
  /// there will ever have that many free. A subtree whose earliest time has passed may hold any node at `now`.
  func bound(at position: Int, cards: Int, now: Time) -> (Time, Int32)? {
    assert(isSettled)
    let here = earliest[position * Self.counts + cards - 1]
    guard here.time != .max else { return nil }
    return here.time <= now ? (now, Int32.min) : (here.time, here.node)
  }

  /// The node at tree position `position`, a leaf; -1 when free.
  func node(at position: Int) -> Int32 { nodeAt[position - capacity] }

  /// Gives node `n` a leaf (its times are never until `set`).
  mutating func add(_ n: Int32) -> Int32 {
    if freeLeaves.isEmpty { grow() }
    let leaf = freeLeaves.removeLast()
    nodeAt[Int(leaf)] = n
    return leaf
  }

  /// Frees a node's leaf.
  mutating func remove(leaf: Int32) {
    nodeAt[Int(leaf)] = -1
    set(leaf: leaf, times: repeatElement(Time.max, count: Self.counts))
    freeLeaves.append(leaf)
  }

  /// Sets a leaf's times (`counts` of them); the subtrees above it are worked out at the next `settle()`. This
  /// runs at every start and end of a job (tens of thousands in a full pass, for a handful of searches).
  mutating func set<Times: Collection<Time>>(leaf: Int32, times new: Times) {
    let node = nodeAt[Int(leaf)] < 0 ? Int32.max : nodeAt[Int(leaf)]
    let position = capacity + Int(leaf)
    let changed = earliest.withUnsafeMutableBufferPointer { earliest in
      var changed = false
      for (k, time) in new.enumerated() {
        let value = Earliest(time: time, node: node)
        if earliest[position * Self.counts + k] != value {
          earliest[position * Self.counts + k] = value
          changed = true
        }
      }
      return changed
    }
    if changed && !leafChanged[Int(leaf)] {
      leafChanged[Int(leaf)] = true
      changedLeaves.append(leaf)
    }
  }

  /// Works out the subtrees above the leaves set since last time, a level at a time, up to where nothing
  /// changes.
  mutating func settle() {
    guard !changedLeaves.isEmpty else { return }
    for leaf in changedLeaves { leafChanged[Int(leaf)] = false }
    // The positions of a level, then of the parents that changed, written over the list of leaves (taken, and
    // given back empty: no allocation, where a copy of the list cost a large one after a full pass).
    var positions: [Int32] = []
    swap(&positions, &changedLeaves)
    let offset = Int32(capacity)
    positions.withUnsafeMutableBufferPointer { positions in
      for k in positions.indices { positions[k] += offset }
      var count = positions.count
      positions.sort()
      earliest.withUnsafeMutableBufferPointer { earliest in
        while count > 0 && positions[0] > 1 {
          // Siblings are side by side (the positions are sorted): each parent is worked out once. Parents are
          // written over positions already read, and stay sorted.
          var parents = 0
          var last: Int32 = 0
          for k in 0..<count where positions[k] / 2 != last {
            last = positions[k] / 2
            if Self.settle(Int(last), in: earliest) {
              positions[parents] = last
              parents += 1
            }
          }
          count = parents
        }
      }
    }
    positions.removeAll(keepingCapacity: true)
    changedLeaves = positions
  }

  /// Works out a subtree's earliest times from its two halves; false if none changed.
  private static func settle(_ position: Int, in earliest: UnsafeMutableBufferPointer<Earliest>) -> Bool {
    var changed = false
    let (here, left, right) = (position * counts, 2 * position * counts, (2 * position + 1) * counts)
    for k in 0..<counts {
      let value = earliest[right + k].isBefore(earliest[left + k]) ? earliest[right + k] : earliest[left + k]
      if earliest[here + k] != value {
        earliest[here + k] = value
        changed = true
      }
    }
    return changed
  }

  /// Doubles the leaves (at least 64), keeping every leaf's times, and works out the subtrees' anew.
  private mutating func grow() {
    let old = capacity
    let leaves = old == 0 ? 64 : 2 * old
    precondition(leaves <= 1 << 30, "tree positions are Int32")
    var grown = [Earliest](repeating: .never, count: 2 * leaves * Self.counts)
    for i in 0..<old {
      for k in 0..<Self.counts {
        grown[(leaves + i) * Self.counts + k] = earliest[(old + i) * Self.counts + k]
      }
    }
    grown.withUnsafeMutableBufferPointer { grown in
      for position in stride(from: leaves - 1, through: 1, by: -1) { _ = Self.settle(position, in: grown) }
    }
    earliest = grown
    capacity = leaves
    for leaf in changedLeaves { leafChanged[Int(leaf)] = false }
    changedLeaves.removeAll()
    leafChanged.append(contentsOf: repeatElement(false, count: leaves - old))
    nodeAt.append(contentsOf: repeatElement(-1, count: leaves - old))
    freeLeaves.append(contentsOf: (Int32(old)..<Int32(leaves)).reversed())
  }

  /// Whether every subtree's earliest times are those of its two halves, once settled (checked by the tests).
  var isConsistent: Bool {
    var settled = self
    settled.settle()
    var copy = settled.earliest
    return copy.withUnsafeMutableBufferPointer { copy in
      (1..<max(1, capacity)).allSatisfy { !Self.settle($0, in: copy) }
    }
  }
}
