/// Running totals of a replay, per enterprise: cards in use and wanted, their time integrals (for
/// utilisation and fairness), the highest use against each limit, preemptions and credits.
struct Accounting {
  let guaranteedCards: [Int]
  /// Per enterprise and model: the configured limit in cards (the cluster's when none).
  let limitCards: [[Int]]
  var cardsInUse: [Int]
  var cardsByModel: [[Int]]
  /// Cards of the enterprise's pending and running jobs.
  var demand: [Int]
  var usedCardSeconds: [Double]
  /// ∫ min(guarantee, demand) dt: what the enterprise was entitled to while it wanted cards.
  var entitledCardSeconds: [Double]
  var maxLimitUse: [Double]
  var maxCardsInUse: [Int]
  var charged: [Int64]
  var preemptions = 0
  var lostCardSeconds: Double = 0
  var lastTime: Int64

  init(guaranteedCards: [Int], limitCards: [[Int]], start: Int64) {
    let count = guaranteedCards.count
    self.guaranteedCards = guaranteedCards
    self.limitCards = limitCards
    cardsInUse = Array(repeating: 0, count: count)
    cardsByModel = limitCards.map { Array(repeating: 0, count: $0.count) }
    demand = Array(repeating: 0, count: count)
    usedCardSeconds = Array(repeating: 0, count: count)
    entitledCardSeconds = Array(repeating: 0, count: count)
    maxLimitUse = Array(repeating: 0, count: count)
    maxCardsInUse = Array(repeating: 0, count: count)
    charged = Array(repeating: 0, count: count)
    lastTime = start
  }

  /// Integrates use and entitlement up to `time`.
  mutating func advance(to time: Int64) {
    let dt = Double(time - lastTime)
    guard dt > 0 else { return }
    for e in cardsInUse.indices {
      usedCardSeconds[e] += Double(cardsInUse[e]) * dt
      if demand[e] > 0 { entitledCardSeconds[e] += Double(min(guaranteedCards[e], demand[e])) * dt }
    }
    lastTime = time
  }

  mutating func started(enterprise e: Int, model: Int?, cards: Int) {
    cardsInUse[e] += cards
    maxCardsInUse[e] = max(maxCardsInUse[e], cardsInUse[e])
    guard let model else { return }
    cardsByModel[e][model] += cards
    let limit = limitCards[e][model]
    let use = limit > 0 ? Double(cardsByModel[e][model]) / Double(limit) : .infinity
    maxLimitUse[e] = max(maxLimitUse[e], use)
  }

  mutating func stopped(enterprise e: Int, model: Int?, cards: Int) {
    cardsInUse[e] -= cards
    if let model { cardsByModel[e][model] -= cards }
  }
}
