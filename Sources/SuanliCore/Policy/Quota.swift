/// Quota arithmetic, all in one place (as Kueue keeps it).
///
/// Each enterprise has, per dimension (CPU, memory, cards of each model), a `guaranteed` amount and a
/// `limit`:
/// - usage up to `guaranteed` is always obtainable: when the cluster is full, capacity that others borrow
///   is reclaimed by preemption;
/// - usage between `guaranteed` and `limit` borrows idle capacity and may itself be reclaimed;
/// - usage never exceeds `limit`.
enum Quota {
  /// The first dimension in which `usage + demand` would exceed `limit`, or nil when the demand fits.
  static func exceededDimension(usage: Amounts, demand: Demand, limit: Amounts) -> Int? {
    // CPU, memory, then the model's cards.
    if usage[Dimension.cpu] + demand.cpu > limit[Dimension.cpu] { return Dimension.cpu }
    if usage[Dimension.memory] + demand.memory > limit[Dimension.memory] { return Dimension.memory }
    if let model = demand.model, demand.cards > 0 {
      let cards = Dimension.cards(model)
      if usage[cards] + demand.cards > limit[cards] { return cards }
    }
    return nil
  }

  /// Whether the enterprise, with `demand` added, stays within its guarantee in the dimension that
  /// defines the job (its cards; CPU and memory for a CPU-only job): it may then reclaim.
  static func withinGuarantee(usage: Amounts, demand: Demand, guaranteed: Amounts) -> Bool {
    // The defining dimensions: the model's cards, or CPU and memory without a model.
    guard let model = demand.model else {
      return usage[Dimension.cpu] + demand.cpu <= guaranteed[Dimension.cpu]
        && usage[Dimension.memory] + demand.memory <= guaranteed[Dimension.memory]
    }
    guard demand.cards > 0 else { return true }
    let cards = Dimension.cards(model)
    return usage[cards] + demand.cards <= guaranteed[cards]
  }

  /// Whether the enterprise uses more than its guarantee in `dimension`: its jobs there may be reclaimed.
  static func isBorrowing(usage: Amounts, guaranteed: Amounts, dimension: Int) -> Bool {
    usage[dimension] > guaranteed[dimension]
  }
}

/// A job's total demand (over all its nodes) on one model, in quota dimensions.
struct Demand: Hashable, Sendable {
  var cpu: Int
  var memory: Int
  var cards: Int
  var model: ModelID?

  /// What it asks in one dimension (0 where it asks nothing), without building `dimensions`.
  func amount(in dimension: Int) -> Int {
    switch dimension {
    case Dimension.cpu: return cpu
    case Dimension.memory: return memory
    default: return model.map { Dimension.cards($0) == dimension } ?? false ? cards : 0
    }
  }

  func isDefining(_ dimension: Int) -> Bool {
    model == nil ? dimension <= Dimension.memory : dimension > Dimension.memory
  }

  func add(to usage: inout Amounts, sign: Int = 1) {
    usage[Dimension.cpu] += sign * cpu
    usage[Dimension.memory] += sign * memory
    if let model, cards > 0 { usage[Dimension.cards(model)] += sign * cards }
  }
}
