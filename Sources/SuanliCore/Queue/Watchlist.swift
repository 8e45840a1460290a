internal import Algorithms

/// Buckets waiting for one figure of their enterprise (its room under its guarantee or limit in one dimension,
/// or its available credits) to reach the amount each needs. What a change of the figure wakes is asked for
/// when the cycle gets to it (`Scheduler+Wakes`): the best-ranked watch that the figure then covers. A watch
/// stays where it is until that question returns it: its bucket wakes, or it is found out of date, or its bucket
/// is found short of something else and watched on that. Room or credits that come and go do not move it.
///
/// Kept by amount in chunks of bounded size, each knowing its best-ranked watch: a question walks the chunks
/// whose amounts the figure covers, and looks into one of them.
struct Watchlist: Sendable {
  struct Watch: Equatable, Sendable {
    var amount: Int64
    var bucket: Int32
    /// The bucket's generation when it was watched: a later one makes this watch stale.
    var generation: UInt32
    /// The rank of the bucket's head when it was watched: the watch wakes by it, without a look at the bucket.
    var rank: Rank

    /// The order of the list: by amount.
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

  private struct Chunk: Sendable {
    /// In list order.
    var watches: [Watch]
    /// The position of the best-ranked watch.
    var best: Int

    init(_ watches: [Watch]) {
      self.watches = watches
      best = 0
      findBest()
    }

    mutating func findBest() {
      best = 0
      for k in watches.indices.dropFirst() where watches[k].ranksBefore(watches[best]) { best = k }
    }
  }

  static let chunkLimit = 64
  private var chunks: [Chunk] = [] {
    didSet { answered = nil }
  }
  /// The last answer of `best(within:)`, and the amount asked, while the list is unchanged: a wake asks every
  /// list of its enterprise again, and only the woken watch's list changed.
  private var answered: (available: Int64, best: Watch?)?

  var isEmpty: Bool { chunks.isEmpty }

  /// Every watch, in list order (for the tests).
  var watches: [Watch] { chunks.flatMap(\.watches) }

  mutating func add(_ watch: Watch) {
    guard !chunks.isEmpty else {
      chunks = [Chunk([watch])]
      return
    }
    let c = Swift.min(chunkIndex(for: watch), chunks.count - 1)
    let position = Self.lowerBound(chunks[c].watches, watch)
    chunks[c].watches.insert(watch, at: position)
    if position <= chunks[c].best {
      chunks[c].best += 1
    }
    if watch.ranksBefore(chunks[c].watches[chunks[c].best]) { chunks[c].best = position }
    if chunks[c].watches.count > Self.chunkLimit {
      let upper = Chunk(Array(chunks[c].watches[(Self.chunkLimit / 2)...]))
      chunks[c] = Chunk(Array(chunks[c].watches[..<(Self.chunkLimit / 2)]))
      chunks.insert(upper, at: c + 1)
    }
  }

  /// Removes a watch of the list (one `best(within:)` returned).
  mutating func remove(_ watch: Watch) {
    let c = chunkIndex(for: watch)
    precondition(c < chunks.count)
    let position = Self.lowerBound(chunks[c].watches, watch)
    precondition(position < chunks[c].watches.count && chunks[c].watches[position] == watch)
    chunks[c].watches.remove(at: position)
    if chunks[c].watches.isEmpty {
      chunks.remove(at: c)
    } else if position == chunks[c].best {
      chunks[c].findBest()
    } else if position < chunks[c].best {
      chunks[c].best -= 1
    }
  }

  /// The best-ranked watch whose amount is at most `available`.
  mutating func best(within available: Int64) -> Watch? {
    if let answered, answered.available == available { return answered.best }
    let best = search(within: available)
    answered = (available, best)
    return best
  }

  private func search(within available: Int64) -> Watch? {
    var best: Watch?
    for chunk in chunks {
      guard chunk.watches[0].amount <= available else { break }
      if chunk.watches[chunk.watches.count - 1].amount <= available {
        let candidate = chunk.watches[chunk.best]
        if best.map({ candidate.ranksBefore($0) }) ?? true { best = candidate }
        continue
      }
      for candidate in chunk.watches {
        guard candidate.amount <= available else { break }
        if best.map({ candidate.ranksBefore($0) }) ?? true { best = candidate }
      }
      break
    }
    return best
  }

  /// The first chunk whose last watch does not precede `watch` (`chunks.count` when none).
  private func chunkIndex(for watch: Watch) -> Int {
    chunks.partitioningIndex { !$0.watches[$0.watches.count - 1].precedes(watch) }
  }

  private static func lowerBound(_ watches: [Watch], _ watch: Watch) -> Int {
    watches.partitioningIndex { !$0.precedes(watch) }
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
