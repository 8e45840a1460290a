public import SuanliConfig
public import SuanliCore

/// An enterprise of the simulation: its id and the terms it gets under the policies that honour them.
public struct SimulatedEnterprise: Sendable, Hashable {
  public var id: String
  public var terms: SimulationConfig.Terms
}

/// One job to replay: what it asks of the scheduler, and how long it really runs.
public struct SimulatedJob: Sendable, Hashable {
  /// The trace's job id.
  public var name: String
  /// Index into `Workload.enterprises`.
  public var enterprise: Int
  public var jobClass: JobClass
  public var submit: Int64
  /// How long it really runs; it ends as `timeout` at `walltime` when that is shorter.
  public var duration: Int64
  public var walltime: Int64
  public var nodeCount: Int
  public var perNode: NodeRequest

  /// Cards over all its nodes.
  public var cards: Int { perNode.cards * nodeCount }
}

/// The trace turned into jobs for one cluster: enterprises resolved, shapes fitted to the nodes, walltimes
/// estimated. Jobs are in submission order (trace order among equals).
public struct Workload: Sendable {
  public var enterprises: [SimulatedEnterprise]
  public var jobs: [SimulatedJob]
  /// Trace rows left out, by reason.
  public var skipped: [String: Int]

  public init(enterprises: [SimulatedEnterprise], jobs: [SimulatedJob], skipped: [String: Int] = [:]) {
    self.enterprises = enterprises
    self.jobs = jobs
    self.skipped = skipped
  }

  /// Resolves tenants (`tenantMap` first, then the enterprises' `tenants`, then an enterprise of the tenant's
  /// name, else a new enterprise on the default terms) and shapes every row.
  public init(trace: Trace, config: SimulationConfig, cluster: ClusterModel, tenantMap: [String: String] = [:]) {
    var resolver = EnterpriseResolver(config: config)
    var jobs: [SimulatedJob] = []
    jobs.reserveCapacity(trace.rows.count)
    var skipped = trace.skipped
    let shaper = JobShaper(config: config, cluster: cluster)
    for (index, row) in trace.rows.enumerated() {
      let enterprise = resolver.enterprise(for: row.tenant, index: index, tenantMap: tenantMap)
      guard let job = shaper.job(for: row, index: index, enterprise: enterprise, resolver.enterprises[enterprise])
      else {
        skipped["asks for cards no node group has", default: 0] += 1
        continue
      }
      jobs.append(job)
    }
    // Stable: equal submit times keep the trace's order.
    let order = jobs.indices.sorted { (jobs[$0].submit, $0) < (jobs[$1].submit, $1) }
    self.init(enterprises: resolver.enterprises, jobs: order.map { jobs[$0] }, skipped: skipped)
  }
}

/// Finds or creates the enterprise of each tenant.
struct EnterpriseResolver {
  let config: SimulationConfig
  var enterprises: [SimulatedEnterprise]
  var index: [String: Int] = [:]
  var byTenant: [String: Int] = [:]

  init(config: SimulationConfig) {
    self.config = config
    enterprises = config.enterprises.map { SimulatedEnterprise(id: $0.id, terms: $0.terms) }
    for (position, enterprise) in config.enterprises.enumerated() {
      index[enterprise.id] = position
      for tenant in enterprise.tenants { byTenant[tenant] = position }
    }
  }

  mutating func enterprise(for tenant: String, index row: Int, tenantMap: [String: String]) -> Int {
    if let id = tenantMap[tenant] { return named(id) }
    if let position = byTenant[tenant] { return position }
    if !tenant.isEmpty { return named(tenant) }
    switch config.jobs.untenanted {
    case .enterprise(let id): return named(id)
    case .spread:
      guard !config.enterprises.isEmpty else { return named("default") }
      let u = Draw.unit(seed: config.seed, index: row, stream: 2)
      return Draw.pick(u, weights: config.enterprises.map(\.terms.weight))
    }
  }

  private mutating func named(_ id: String) -> Int {
    if let position = index[id] { return position }
    index[id] = enterprises.count
    enterprises.append(SimulatedEnterprise(id: id, terms: config.defaults))
    return enterprises.count - 1
  }
}
