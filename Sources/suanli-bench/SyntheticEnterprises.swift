import Glibc
import SuanliCore

/// The synthetic cluster's enterprises: Zipf-sized guarantees that sum to about the capacity of each
/// resource, limit 2× the guarantee (at least one largest job, at most the cluster), fair-share weight
/// proportional to the guarantee, 3% boosted, and budgets that are ample except for 5% of enterprises that
/// can hold only half a day of their guarantee.
extension SyntheticCluster {
  /// Every enterprise that is not budget-limited has at least this much: four of the largest, dearest jobs
  /// (8 nodes × 8 cards at 8 credits per card-hour) for 72 hours.
  static let ampleFloor = Credits(Int64(largestGang * cardsPerNode * 8 * 72 * 4))

  static func enterpriseID(_ index: Int) -> String {
    let digits = String(index)
    return "ent-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// One enterprise with `weight` (its share of every resource), and its card limit per model.
  static func makeEnterprise(index: Int, weight: Double, count: Int, capacity: Capacity, rng: inout SplitMix64)
    -> (spec: EnterpriseSpec, cardLimits: [Int], budgetLimited: Bool)
  {
    let largestCards = largestGang * cardsPerNode
    var guaranteed = ResourceAmounts(
      cpuMillis: Int(Double(capacity.cpu) * weight), memoryMiB: Int(Double(capacity.memory) * weight))
    var limit = ResourceAmounts(
      cpuMillis: cappedLimit(guaranteed.cpuMillis, floor: largestCards * cpuPerCard, capacity: capacity.cpu),
      memoryMiB: cappedLimit(guaranteed.memoryMiB, floor: largestCards * memoryPerCard, capacity: capacity.memory))
    var cardLimits: [Int] = []
    var hourly = Double(guaranteed.cpuMillis) / 1000 * 0.05 + Double(guaranteed.memoryMiB) / 1024 * 0.01
    for (m, model) in models.enumerated() {
      let cards = Int(Double(capacity.cards[m]) * weight)
      guaranteed.cards[model] = cards
      let cap = cappedLimit(cards, floor: largestCards, capacity: capacity.cards[m])
      limit.cards[model] = cap
      cardLimits.append(cap)
      hourly += Double(cards) * Double(prices.perCardHour[model]!.millis) / 1000
    }
    let budgetLimited = rng.percent(5)
    let boosted = rng.percent(3)
    // Ample: 90 days of the guarantee, at least the floor. Limited: half a day of the guarantee.
    let credits =
      budgetLimited
      ? Credits(millis: Int64(hourly * 12 * 1000))
      : max(Credits(millis: Int64(hourly * 24 * 90 * 1000)), ampleFloor)
    let spec = EnterpriseSpec(
      id: enterpriseID(index), guaranteed: guaranteed, limit: limit, fairShareWeight: weight * Double(count),
      boost: boosted ? 0.5 : 0, credits: credits)
    return (spec, cardLimits, budgetLimited)
  }

  /// Twice the guarantee, at least `floor` (one largest job fits), at most the cluster's capacity.
  private static func cappedLimit(_ guaranteed: Int, floor: Int, capacity: Int) -> Int {
    min(capacity, max(2 * guaranteed, floor))
  }

  /// Normalised Zipf weights 1/(i+1)^s.
  static func zipfWeights(count: Int, exponent: Double) -> [Double] {
    let raw = (0..<count).map { 1 / pow(Double($0 + 1), exponent) }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }
}
