/// Step functions over the replay: queue length and cards in use per enterprise, one sample per moment
/// something changed.
public struct Timeline: Sendable, Hashable {
  public var enterpriseCount: Int
  public var times: [Int64] = []
  public var queued: [Int32] = []
  /// `enterpriseCount` values per sample.
  public var cardsInUse: [Int32] = []

  public init(enterpriseCount: Int) { self.enterpriseCount = enterpriseCount }

  public var count: Int { times.count }

  /// Cards enterprise `e` had in use in sample `i`.
  public func cards(sample i: Int, enterprise e: Int) -> Int { Int(cardsInUse[i * enterpriseCount + e]) }

  mutating func record(time: Int64, queued queue: Int, cards: [Int]) {
    if let last = times.last, count > 0 {
      let base = (count - 1) * enterpriseCount
      var same = Int(queued[count - 1]) == queue
      if same {
        for e in 0..<enterpriseCount where Int(cardsInUse[base + e]) != cards[e] {
          same = false
          break
        }
      }
      if same { return }
      if last == time {
        queued[count - 1] = Int32(queue)
        for e in 0..<enterpriseCount { cardsInUse[base + e] = Int32(cards[e]) }
        return
      }
    }
    times.append(time)
    queued.append(Int32(queue))
    for value in cards { cardsInUse.append(Int32(value)) }
  }
}
