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
    for (dimension, amount) in demand.dimensions where usage[dimension] + amount > limit[dimension] {
      return dimension
    }
    return nil
  }

  /// Whether the enterprise, with `demand` added, stays within its guarantee in the dimension that
  /// defines the job (its cards; CPU and memory for a CPU-only job): it may then reclaim.
  static func withinGuarantee(usage: Amounts, demand: Demand, guaranteed: Amounts) -> Bool {
    for (dimension, amount) in demand.dimensions where demand.isDefining(dimension) {
      if usage[dimension] + amount > guaranteed[dimension] { return false }
    }
    return true
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

  var dimensions: [(Int, Int)] {
    var result = [(Dimension.cpu, cpu), (Dimension.memory, memory)]
    if let model, cards > 0 { result.append((Dimension.cards(model), cards)) }
    return result
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
