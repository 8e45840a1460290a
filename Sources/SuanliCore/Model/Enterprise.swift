/// A tenant of the platform: who may use how much, how its jobs rank, and how many credits it has.
public struct EnterpriseSpec: Hashable, Sendable {
  public var id: String
  /// Always obtainable: capacity lent to others is reclaimed (by preemption) when the enterprise needs it.
  public var guaranteed: ResourceAmounts
  /// Never exceeded. Use between `guaranteed` and `limit` borrows idle capacity and may be reclaimed.
  /// A model absent from `limit` cannot be used at all.
  public var limit: ResourceAmounts
  /// Relative share for the fair-share priority factor (> 0).
  public var fairShareWeight: Double
  /// Priority boost in 0...1, weighted by `PriorityWeights.boost`.
  public var boost: Double
  /// Opening balance, applied when the enterprise is first configured (later reloads keep the ledger).
  public var credits: Credits

  public init(
    id: String, guaranteed: ResourceAmounts = .none, limit: ResourceAmounts, fairShareWeight: Double = 1,
    boost: Double = 0, credits: Credits = .zero
  ) {
    self.id = id
    self.guaranteed = guaranteed
    self.limit = limit
    self.fairShareWeight = fairShareWeight
    self.boost = boost
    self.credits = credits
  }
}

/// An enterprise's quota use and budget as the core sees it now.
public struct EnterpriseView: Hashable, Sendable {
  public var spec: EnterpriseSpec
  public var inUse: ResourceAmounts
  /// The part of `inUse` above `guaranteed`, per resource: what may be reclaimed.
  public var borrowed: ResourceAmounts
  public var balance: Credits
  public var held: Credits
  public var available: Credits { balance - held }
  /// Decayed usage (credit-hours) behind the fair-share factor.
  public var decayedUsage: Double
  public var fairShareFactor: Double
  public var pendingJobs: Int
  public var runningJobs: Int
}
