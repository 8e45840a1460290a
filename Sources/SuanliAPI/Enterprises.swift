/// An enterprise with its quotas, current use and budget (`GET /v1/enterprises`).
public struct EnterpriseInfo: Codable, Sendable, Hashable {
  public var id: String
  public var name: String
  /// One line per resource: `cpu` (millicores), `memory` (MiB), and each accelerator model (cards).
  public var quota: [ResourceQuota]
  public var fairShareWeight: Double
  public var fairShareFactor: Double
  public var boost: Double
  /// Credits, as decimal strings ("1250.000").
  public var balance: String
  public var held: String
  public var available: String
  public var pendingJobs: Int
  public var runningJobs: Int

  public init(
    id: String, name: String, quota: [ResourceQuota], fairShareWeight: Double, fairShareFactor: Double,
    boost: Double, balance: String, held: String, available: String, pendingJobs: Int, runningJobs: Int
  ) {
    self.id = id
    self.name = name
    self.quota = quota
    self.fairShareWeight = fairShareWeight
    self.fairShareFactor = fairShareFactor
    self.boost = boost
    self.balance = balance
    self.held = held
    self.available = available
    self.pendingJobs = pendingJobs
    self.runningJobs = runningJobs
  }

  enum CodingKeys: String, CodingKey {
    case id
    case name
    case quota
    case fairShareWeight = "fair_share_weight"
    case fairShareFactor = "fair_share_factor"
    case boost
    case balance
    case held
    case available
    case pendingJobs = "pending_jobs"
    case runningJobs = "running_jobs"
  }
}

/// Guarantee, limit, use, borrowed part and pending demand of one resource.
public struct ResourceQuota: Codable, Sendable, Hashable {
  public var resource: String
  public var guaranteed: Int
  public var limit: Int
  public var inUse: Int
  public var borrowed: Int
  public var pendingDemand: Int
  public init(resource: String, guaranteed: Int, limit: Int, inUse: Int, borrowed: Int, pendingDemand: Int) {
    self.resource = resource
    self.guaranteed = guaranteed
    self.limit = limit
    self.inUse = inUse
    self.borrowed = borrowed
    self.pendingDemand = pendingDemand
  }

  enum CodingKeys: String, CodingKey {
    case resource
    case guaranteed
    case limit
    case inUse = "in_use"
    case borrowed
    case pendingDemand = "pending_demand"
  }
}

public struct EnterpriseList: Codable, Sendable, Hashable {
  public var enterprises: [EnterpriseInfo]
  public init(enterprises: [EnterpriseInfo]) { self.enterprises = enterprises }
}

/// `POST /v1/enterprises/{id}/grant`: an operator adds credits (a compute voucher, a top-up).
public struct GrantRequest: Codable, Sendable, Hashable {
  /// Decimal credits, e.g. "500" or "12.5".
  public var credits: String
  public var note: String?
  public init(credits: String, note: String? = nil) {
    self.credits = credits
    self.note = note
  }
}

/// One budget movement (`GET /v1/enterprises/{id}/ledger`).
public struct LedgerEntryInfo: Codable, Sendable, Hashable {
  public var seq: Int64
  public var time: Int64
  public var enterprise: String
  public var jobId: UInt64?
  /// `hold`, `charge`, `release` or `grant`.
  public var kind: String
  public var amount: String
  public var balance: String
  public var available: String
  public var note: String?
  public init(
    seq: Int64, time: Int64, enterprise: String, jobId: UInt64?, kind: String, amount: String, balance: String,
    available: String, note: String?
  ) {
    self.seq = seq
    self.time = time
    self.enterprise = enterprise
    self.jobId = jobId
    self.kind = kind
    self.amount = amount
    self.balance = balance
    self.available = available
    self.note = note
  }

  enum CodingKeys: String, CodingKey {
    case seq
    case time
    case enterprise
    case jobId = "job_id"
    case kind
    case amount
    case balance
    case available
    case note
  }
}

public struct Ledger: Codable, Sendable, Hashable {
  public var enterprise: EnterpriseInfo
  public var entries: [LedgerEntryInfo]
  public init(enterprise: EnterpriseInfo, entries: [LedgerEntryInfo]) {
    self.enterprise = enterprise
    self.entries = entries
  }
}

/// Usage report (`GET /v1/usage?since=&until=&enterprise=&by=model|user|day`): what ran, and what it cost.
public struct UsageReport: Codable, Sendable, Hashable {
  public var since: Int64?
  public var until: Int64?
  public var by: String
  public var rows: [UsageRow]
  public init(since: Int64?, until: Int64?, by: String, rows: [UsageRow]) {
    self.since = since
    self.until = until
    self.by = by
    self.rows = rows
  }
}

public struct UsageRow: Codable, Sendable, Hashable {
  public var enterprise: String
  /// The model, user or day (YYYY-MM-DD, UTC) of this row.
  public var key: String
  public var jobs: Int
  public var cardHours: Double
  public var coreHours: Double
  public var credits: String
  /// Runs that ended in the period (a requeued job runs more than once).
  public var runs: Int
  /// The time those runs waited in the queue before they started, summed (`wait_seconds / runs` is the mean).
  public var waitSeconds: Int64
  public init(
    enterprise: String, key: String, jobs: Int, cardHours: Double, coreHours: Double, credits: String, runs: Int = 0,
    waitSeconds: Int64 = 0
  ) {
    self.enterprise = enterprise
    self.key = key
    self.jobs = jobs
    self.cardHours = cardHours
    self.coreHours = coreHours
    self.credits = credits
    self.runs = runs
    self.waitSeconds = waitSeconds
  }

  enum CodingKeys: String, CodingKey {
    case enterprise
    case key
    case jobs
    case cardHours = "card_hours"
    case coreHours = "core_hours"
    case credits
    case runs
    case waitSeconds = "wait_seconds"
  }
}
