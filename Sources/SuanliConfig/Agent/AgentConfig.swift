#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The node agent's configuration (`suanli-agent --config agent.toml`): who the node is, where the daemon is,
/// where the agent keeps its state, what capacity it declares and how it runs jobs.
///
/// Several agents may run on one machine (tests, demos) as long as each has its own `node` and `state_dir`.
public struct AgentConfig: Sendable, Hashable {
  /// The node's name as the daemon knows it (default: the host name).
  public var node: String
  /// Labels the daemon matches against job selectors (`site = "songshanhu"`).
  public var labels: [String: String] = [:]
  /// The daemon's API socket; nil means the same discovery as the CLI (``DefaultPaths/clientSocketCandidates``).
  /// Unused when ``remoteDaemon`` is set.
  public var socketPath: String?
  /// A daemon on another machine, reached over TLS with the node's token, instead of the Unix socket.
  public var remoteDaemon: RemoteDaemon?
  /// Where the agent keeps per-job state and logs (`jobs/`, `logs/`).
  public var stateDirectory: String
  /// Capacity that replaces what discovery finds (each field independently).
  public var capacity = CapacityOverride()
  /// Capacity kept for the system: subtracted from what is declared to the daemon.
  public var reservedCPUMillis: Int64 = 0
  /// Memory kept for the system, MiB.
  public var reservedMemoryMiB: Int64 = 0
  /// Seconds between SIGTERM and SIGKILL when a job is stopped (walltime, cancel, preemption).
  public var stopGraceSeconds: Int64 = 10
  /// Whether jobs submitted by uid 0 may run (refused by default).
  public var allowRootJobs = false
  /// How jobs are started and confined (default: as transient systemd units when systemd is PID 1).
  public var launch = JobLaunch.auto

  /// How the agent starts a job and enforces its memory and CPU request.
  public enum JobLaunch: String, Sendable, Hashable, CaseIterable {
    /// `systemd` when systemd runs the machine (`sd_booted()`), else `process`.
    case auto
    /// A transient unit `suanli-job-ID-STARTTIME.service` (`systemd-run`) with `MemoryMax=` and `CPUQuota=`.
    case systemd
    /// A child in its own session and process group, in a cgroup of its own when the agent can make one.
    case process
  }

  /// `[agent] daemon`, `token_file` and `ca_file`: where the daemon listens for agents over TLS, and how this node
  /// proves who it is and checks that it talks to the right daemon.
  public struct RemoteDaemon: Sendable, Hashable {
    /// The daemon's TLS address (`[agents] listen` in suanlid.toml, as reachable from this machine).
    public var address: HostPort
    /// The file holding this node's token (from `suanli node token NODE`).
    public var tokenFile: String
    /// PEM certificates to trust for the daemon's certificate; nil trusts the system's roots.
    public var caFile: String?

    public init(address: HostPort, tokenFile: String, caFile: String? = nil) {
      self.address = address
      self.tokenFile = tokenFile
      self.caFile = caFile
    }

    /// `https://host:port`, as written in agent.toml.
    public var url: String { "https://\(address)" }
  }

  /// What the configuration says about capacity; nil fields are discovered.
  public struct CapacityOverride: Sendable, Hashable {
    public var cpuMillis: Int64?
    public var memoryMiB: Int64?
    public var model: String?
    public var cards: Int?
    public init(cpuMillis: Int64? = nil, memoryMiB: Int64? = nil, model: String? = nil, cards: Int? = nil) {
      self.cpuMillis = cpuMillis
      self.memoryMiB = memoryMiB
      self.model = model
      self.cards = cards
    }
  }

  /// The defaults for a node called `node`: state under `/var/lib/suanli-agent` as root, `./.suanli/agent-NODE`
  /// otherwise.
  public init(node: String, isRoot: Bool = AgentConfig.geteuidIsRoot()) {
    self.node = node
    stateDirectory = isRoot ? "/var/lib/suanli-agent" : "./.suanli/agent-\(node)"
  }

  /// This machine's host name (the default node name), or `localhost` when it has none.
  public static var hostName: String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return name.isEmpty ? "localhost" : name
  }

  /// The sockets to try, in order: the configured one, or the CLI's discovery.
  public func socketCandidates(paths: DefaultPaths = .current) -> [String] {
    socketPath.map { [$0] } ?? paths.clientSocketCandidates
  }
}
