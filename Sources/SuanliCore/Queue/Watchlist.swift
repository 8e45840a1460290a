internal import Algorithms
internal import HeapModule

/// Buckets waiting for one figure of their enterprise (its room under its guarantee or limit in one dimension,
/// or its available credits) to reach the amount each needs. What a change of the figure wakes is asked for
/// when the cycle gets to it (`Scheduler+Wakes`): the best-ranked watch that the figure then covers. A watch
/// stays where it is until that question returns it: its bucket wakes, or it is found out of date, or its bucket
/// is found short of something else and watched on that. Room or credits that come and go do not move it.
///
/// Kept by amount: per amount, a heap of its watches by rank. A question looks at the best of each amount the
/// figure covers (the amounts are few: cards per job, or the holds of a few shapes); a wake takes the best of its
/// amount off its heap. (Kept sorted in chunks before, a wake's removal moved the chunk and looked through it for
/// its new best, and an add moved it too: a wake cost three times what it does now.)
struct Watchlist: Sendable {
  struct Watch: Equatable, Sendable {
    var amount: Int64
    var bucket: Int32
    /// The bucket's generation when it was watched: a later one makes this watch stale.
    var generation: UInt32
    /// The rank of the bucket's head when it was watched: the watch wakes by it, without a look at the bucket.
    var rank: Rank

    /// By amount, then bucket and generation: the order `watches` lists them in (for the tests).
    func precedes(_ other: Watch) -> Bool {
      if (amount, bucket, generation) != (other.amount, other.bucket, other.generation) {
        return (amount, bucket, generation) < (other.amount, other.bucket, other.generation)
      }
      return rank < other.rank
    }

    /// The order of waking: by rank.
    func ranksBefore(_ other: Watch) -> Bool {
      if rank != other.rank { return rank < other.rank }
      return (bucket, generation) < (other.bucket, other.generation)
    }
  }

  /// A watch in its amount's heap: ordered by waking.
  private struct Ranked: Comparable, Sendable {
    var watch: Watch
    static func < (a: Ranked, b: Ranked) -> Bool { a.watch.ranksBefore(b.watch) }
  }

  /// The amounts watched, ascending, and the heap of each. An amount stays when its heap empties (its room is
  /// kept for the next watch of that amount: one enterprise's jobs ask for few different amounts), while there
  /// are at most `keptAmounts`: a question walks every amount it covers, empty or not.
  private var amounts: [Int64] = [] {
    didSet { answered = nil }
  }
  private var heaps: [Heap<Ranked>] = [] {
    didSet { answered = nil }
  }
  private var count = 0
  static let keptAmounts = 16
  /// The last answer of `best(within:)`, and the amount asked, while the list is unchanged: a wake asks every
  /// list of its enterprise again, and only the woken watch's list changed.
  private var answered: (available: Int64, best: Watch?)?

  var isEmpty: Bool { count == 0 }

  /// Every watch, in list order (for the tests).
  var watches: [Watch] { heaps.flatMap { $0.unordered.map(\.watch) }.sorted { $0.precedes($1) } }

  mutating func add(_ watch: Watch) {
    count += 1
    let g = amounts.partitioningIndex { $0 >= watch.amount }
    if g < amounts.count && amounts[g] == watch.amount {
      heaps[g].insert(Ranked(watch: watch))
    } else {
      amounts.insert(watch.amount, at: g)
      heaps.insert(Heap([Ranked(watch: watch)]), at: g)
    }
  }

  /// Removes a watch of the list: at once when it is the best of its amount (one `best(within:)` returned), by
  /// a rebuild of its amount's heap otherwise.
  mutating func remove(_ watch: Watch) {
    let g = amounts.partitioningIndex { $0 >= watch.amount }
    precondition(g < amounts.count && amounts[g] == watch.amount, "the watch is on the list")
    if heaps[g].min?.watch == watch {
      heaps[g].removeMin()
    } else {
      var rest = Array(heaps[g].unordered)
      let k = rest.firstIndex { $0.watch == watch }
      precondition(k != nil, "the watch is on the list")
      rest.remove(at: k!)
      heaps[g] = Heap(rest)
    }
    count -= 1
    if heaps[g].isEmpty && amounts.count > Self.keptAmounts {
      amounts.remove(at: g)
      heaps.remove(at: g)
    }
  }

  /// Removes every watch, keeping the amounts' heaps and their room (the lists are rebuilt at each recalculation,
  /// to about their size before), unless there are more amounts than are kept when emptied.
  mutating func removeAll() {
    count = 0
    guard amounts.count <= Self.keptAmounts else {
      amounts = []
      heaps = []
      return
    }
    for g in heaps.indices { heaps[g].removeAllKeepingCapacity() }
  }

  /// How many amounts it keeps, empty ones included (for the tests).
  var amountCount: Int { amounts.count }

  /// The best-ranked watch whose amount is at most `available`.
  mutating func best(within available: Int64) -> Watch? {
    if let answered, answered.available == available { return answered.best }
    var best: Watch?
    for g in amounts.indices {
      guard amounts[g] <= available else { break }
      if let top = heaps[g].min?.watch, best.map({ top.ranksBefore($0) }) ?? true { best = top }
    }
    answered = (available, best)
    return best
  }
}

extension [Watchlist] {
  /// Adds a watch to the list of `dimension`, created when missing. In place: a subscript with a getter and a
  /// setter would copy the whole list at every watch.
  mutating func add(_ watch: Watchlist.Watch, dimension: Int) {
    while count <= dimension { append(Watchlist()) }
    self[dimension].add(watch)
  }
}
