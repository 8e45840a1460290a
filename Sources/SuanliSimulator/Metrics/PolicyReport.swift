/// What one policy did with the workload: the figures `suanli simulate` prints and writes as JSON.
public struct PolicyReport: Sendable, Hashable, Encodable {
  public var policy: Policy
  public var jobs: JobCounts
  public var times: JobTimes
  public var byEnterprise: [EnterpriseReport]
  public var byClass: [ClassReport]
  /// First submission to last end (seconds).
  public var makespan: Int64
  /// Card-seconds used over cards × makespan (runs later preempted count as used).
  public var utilisation: Double
  /// Jain's index of the enterprises' `share` (those entitled to anything).
  public var fairness: Double
  /// The highest `maxLimitUse` of any enterprise.
  public var maxLimitUse: Double
  public var preemptions: Int
  public var cardHoursLost: Double
  /// Credits charged, as a decimal string (exact).
  public var creditsCharged: String
  /// Scheduling cycles run.
  public var cycles: Int

  enum CodingKeys: String, CodingKey {
    case policy, jobs, times, makespan, utilisation, fairness, preemptions, cycles
    case byEnterprise = "by_enterprise"
    case byClass = "by_class"
    case maxLimitUse = "max_limit_use"
    case cardHoursLost = "card_hours_lost"
    case creditsCharged = "credits_charged"
  }
}

/// How many jobs ended how.
public struct JobCounts: Sendable, Hashable, Encodable {
  public var submitted = 0
  public var completed = 0
  public var timeout = 0
  public var preempted = 0
  public var rejected = 0
  public var unfinished = 0
}

/// One enterprise under one policy.
public struct EnterpriseReport: Sendable, Hashable, Encodable {
  public var enterprise: String
  public var jobs: Int
  public var times: JobTimes
  public var guaranteedCards: Int
  /// Most cards in use at once.
  public var maxCards: Int
  /// Highest use of any model over the enterprise's limit for it (must stay ≤ 1 where quotas apply).
  public var maxLimitUse: Double
  /// Cards used over cards it was entitled to (min(guarantee, demand)) while it had demand; nil without a
  /// guarantee.
  public var share: Double?
  public var preemptions: Int
  public var creditsCharged: String

  enum CodingKeys: String, CodingKey {
    case enterprise, jobs, times, share, preemptions
    case guaranteedCards = "guaranteed_cards"
    case maxCards = "max_cards"
    case maxLimitUse = "max_limit_use"
    case creditsCharged = "credits_charged"
  }
}

/// One job class under one policy.
public struct ClassReport: Sendable, Hashable, Encodable {
  public var jobClass: String
  public var jobs: Int
  public var times: JobTimes

  enum CodingKeys: String, CodingKey {
    case jobs, times
    case jobClass = "class"
  }
}
