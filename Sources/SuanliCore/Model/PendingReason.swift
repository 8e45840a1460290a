/// Why a pending job has not started, with the numbers behind it (what `suanli show` prints).
public enum PendingReason: Hashable, Sendable, CustomStringConvertible {
  /// No node has room now: `largestFreeBlock` is the most free cards of an accepted model on one ready node.
  case resources(cards: Int, models: [String], nodes: Int, largestFreeBlock: Int)
  /// Starting would exceed the enterprise's limit for `resource`.
  case quota(resource: String, using: Int, requested: Int, limit: Int)
  /// The hold for the walltime is more than the enterprise has available.
  case budget(hold: Credits, available: Credits)
  /// Higher-priority jobs come first.
  case priority(jobsAhead: Int)
  /// Resources are reserved for this job from `start` (backfill), or it waits behind others' reservations.
  case reservation(start: Time?)
  /// No node could ever run it as asked (model, labels or size).
  case constraint(String)
  case held

  public var code: String {
    switch self {
    case .resources: "resources"
    case .quota: "quota"
    case .budget: "budget"
    case .priority: "priority"
    case .reservation: "reservation"
    case .constraint: "constraint"
    case .held: "held"
    }
  }

  public var description: String {
    switch self {
    case .resources(let cards, let models, let nodes, let largest):
      if cards == 0 { return "resources: no node has the CPU and memory free" }
      let per = nodes > 1 ? " on each of \(nodes) nodes" : " on one node"
      return "resources: needs \(cards)×\(models.joined(separator: "|"))\(per), largest free block is \(largest)"
    case .quota(let resource, let using, let requested, let limit):
      return "quota: using \(using) of limit \(limit) \(resource), needs \(requested) more"
    case .budget(let hold, let available): return "budget: hold \(hold) credits, \(available) available"
    case .priority(let ahead): return "priority: \(ahead) jobs ahead"
    case .reservation(let start):
      if let start { return "reservation: resources reserved from t=\(start)" }
      return "reservation: waiting behind reserved resources"
    case .constraint(let text): return "constraint: \(text)"
    case .held: return "held"
    }
  }
}

/// The multifactor priority of a job, factor by factor (what `suanli priority` prints).
public struct PriorityBreakdown: Hashable, Sendable {
  /// Normalised factors in 0...1.
  public var classFactor: Double
  public var ageFactor: Double
  public var fairShareFactor: Double
  public var boostFactor: Double
  /// Weighted contributions: factor × weight.
  public var classPart: Double
  public var agePart: Double
  public var fairSharePart: Double
  public var boostPart: Double
  public var total: Double { classPart + agePart + fairSharePart + boostPart }
}
