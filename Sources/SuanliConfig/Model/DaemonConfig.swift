public import SuanliCore

/// The daemon's whole configuration: where it listens and keeps state, how it treats nodes and jobs, the
/// scheduler's settings, the price list and the enterprises (tenants) with their quotas and budgets.
///
/// Read from a TOML file (`suanlid --config FILE`, reread on SIGHUP) with ``load(contentsOf:paths:)``, or
/// ``embeddedDefault(paths:)`` when no file is given. Every value read from a file has been validated
/// (``validate(source:)``); a value built in code should be validated the same way before use.
public struct DaemonConfig: Sendable, Hashable {
  /// `[daemon] socket`: the Unix socket of the HTTP API.
  public var socketPath: String
  /// `[daemon] state_dir`: where the database lives.
  public var stateDirectory: String
  /// `[daemon] admin_group`: members of this Unix group are operators (root always is).
  public var adminGroup: String?
  /// `[daemon] agent_user`: besides root, the Unix user node agents may connect as.
  public var agentUser: String?
  /// `[daemon] max_request_bytes`: largest request body accepted.
  public var maxRequestBytes: Int
  /// `[agents]`: the TLS listener for remote node agents; nil (off) unless configured.
  public var agentListener: AgentListener?
  /// `[nodes] heartbeat_interval` (seconds): how often agents are told to report.
  public var heartbeatInterval: Int64
  /// `[nodes] down_after` (seconds): a node whose last heartbeat is older than this is marked `down`.
  public var nodeDownAfter: Int64
  /// `[jobs] default_walltime` (seconds): the walltime of a job that does not give one.
  public var defaultWalltime: Int64
  /// `[jobs] max_array_size`: most tasks in one job array.
  public var maxArraySize: Int
  /// `[scheduler]`: priority weights, decay, backfill and preemption settings, maximum walltime.
  public var scheduler: SchedulerConfig
  /// `[prices]`: credits per core-hour, GiB-hour and card-hour of each accelerator model.
  public var prices: PriceTable
  /// `[[enterprise]]`: the tenants, in file order.
  public var enterprises: [EnterpriseConfig]

  /// A configuration with the documented defaults for everything not given.
  public init(
    socketPath: String, stateDirectory: String, adminGroup: String? = nil, agentUser: String? = nil,
    maxRequestBytes: Int = 1 << 20, heartbeatInterval: Int64 = 10, nodeDownAfter: Int64 = 60,
    defaultWalltime: Int64 = 3_600, maxArraySize: Int = 10_000, scheduler: SchedulerConfig = SchedulerConfig(),
    prices: PriceTable = PriceTable(), enterprises: [EnterpriseConfig] = []
  ) {
    self.socketPath = socketPath
    self.stateDirectory = stateDirectory
    self.adminGroup = adminGroup
    self.agentUser = agentUser
    self.maxRequestBytes = maxRequestBytes
    self.heartbeatInterval = heartbeatInterval
    self.nodeDownAfter = nodeDownAfter
    self.defaultWalltime = defaultWalltime
    self.maxArraySize = maxArraySize
    self.scheduler = scheduler
    self.prices = prices
    self.enterprises = enterprises
  }

  /// A configuration with the default paths for this process and defaults for everything else.
  public init(paths: DefaultPaths) {
    self.init(socketPath: paths.socketPath, stateDirectory: paths.stateDirectory)
  }

  /// The enterprises as the scheduling core takes them.
  public var enterpriseSpecs: [EnterpriseSpec] { enterprises.map(\.spec) }
}
