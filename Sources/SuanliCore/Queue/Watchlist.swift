internal import HeapModule

/// Buckets waiting for one figure of their enterprise (its room under its guarantee or limit in one dimension,
/// or its available credits) to reach the amount each needs: a change looks only at those it satisfies.
struct Watchlist: Sendable {
  struct Watch: Comparable, Sendable {
    var amount: Int64
    var bucket: Int32
    /// The bucket's generation when it was watched: a later one makes this watch stale.
    var generation: UInt32
    /// The rank of the bucket's head when it was watched: a watch that fires is queued by it
    /// (`Scheduler+Wakes`) without a look at the bucket.
    var rank: Rank
    static func < (a: Watch, b: Watch) -> Bool { (a.amount, a.bucket) < (b.amount, b.bucket) }
    static func == (a: Watch, b: Watch) -> Bool {
      a.amount == b.amount && a.bucket == b.bucket && a.generation == b.generation
    }
  }

  private var heap = Heap<Watch>()

  mutating func add(_ watch: Watch) {
    heap.insert(watch)
  }

  /// Removes and returns the next watch whose amount is at most `available`.
  mutating func next(within available: Int64) -> Watch? {
    guard let first = heap.min, first.amount <= available else { return nil }
    return heap.removeMin()
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
