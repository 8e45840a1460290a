public import Logging
import SuanliAPI
import SuanliClient
public import SuanliConfig
import SuanliJobWrapper
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

/// The node agent's state: the jobs it supervises and the reports the daemon has not received yet. The loops of
/// ``AgentService`` drive it; everything here runs on the actor, processes run outside it.
public actor Agent {
  public let config: AgentConfig
  public let capacity: NodeCapacity
  let logger: Logger
  let control: DaemonChannel
  let launcher: JobLauncher
  let state: StateDirectory

  var jobs: [UInt64: RunningJob] = [:]
  /// Jobs that ended here while the daemon may still list them (their report may be in flight): not restarted.
  var ended: Set<UInt64> = []
  /// The daemon's latest list, to reconcile again when a stopped job's processes are gone.
  var lastAssignments: [Assignment] = []
  /// Reports not yet accepted by the daemon, oldest first.
  var unsent: [(job: UInt64, report: JobStateReport)] = []
  /// Whether `flushReports()` is delivering.
  var flushing = false
  /// Bumped at each successful registration: the assignment loop starts again from version 0.
  public private(set) var registration = 0
  var registered = false
  var heartbeatSeconds: Int64 = 10

  /// `daemon`: where suanlid is (``DaemonEndpoint/resolve(_:)``); `wrapper`: the `suanli-run-job` executable each
  /// job runs under; `launch`: how jobs start.
  public init(
    config: AgentConfig, capacity: NodeCapacity, daemon: DaemonEndpoint, wrapper: String,
    launch: JobLauncher.Mode = .process(cgroups: nil), logger: Logger
  ) {
    self.config = config
    self.capacity = capacity
    self.logger = logger
    control = DaemonChannel(endpoint: daemon, label: "control", timeoutSeconds: 30)
    state = StateDirectory(path: config.stateDirectory)
    launcher = JobLauncher(
      node: config.node, state: state, allowRootJobs: config.allowRootJobs, wrapper: wrapper, mode: launch,
      stopGraceSeconds: config.stopGraceSeconds)
  }

  var node: String { config.node }
  var interval: Int64 { heartbeatSeconds }

  // MARK: - Registration and heartbeat

  /// Registers the node with the jobs it still runs, and those whose ending it has yet to report (so that the
  /// daemon waits for the report instead of taking them for lost and running them again). Throws when the
  /// daemon cannot be reached or refuses.
  func register() async throws {
    let known = Set(jobs.keys).union(unsent.map(\.job)).sorted()
    let registration = capacity.registration(node: node, labels: config.labels, running: known)
    let ack = try await control.call { client throws(ClientError) in
      try client.call("POST", "/v1/agent/register", body: registration, as: AgentAck.self)
    }
    heartbeatSeconds = max(1, ack.heartbeatIntervalSeconds)
    registered = true
    self.registration += 1
    logger.info(
      "registered with suanlid at \(control.socketPath): \(capacity.cards) × \(capacity.model ?? "no cards"), \(capacity.cpuMillis / 1000) CPUs, \(capacity.memoryMiB) MiB; \(jobs.count) jobs running",
      metadata: [LogKey.node: "\(node)", LogKey.event: "node.registered"])
  }

  var isRegistered: Bool { registered }

  /// The daemon declared the node down or forgot it: register again before anything else.
  func forgetRegistration(_ why: String) {
    guard registered else { return }
    registered = false
    logger.warning(
      "suanlid no longer knows this node as up (\(why)); registering again",
      metadata: [LogKey.node: "\(node)", LogKey.event: "node.reregister"])
  }

  func heartbeat() async throws {
    let beat = AgentHeartbeat(node: node, running: jobs.keys.sorted())
    _ = try await control.call { client throws(ClientError) in
      try client.call("POST", "/v1/agent/heartbeat", body: beat, as: AgentAck.self)
    }
  }

  // MARK: - Reports

  /// Queues a report and tries to deliver everything queued.
  func report(_ job: UInt64, _ report: JobStateReport) async {
    unsent.append((job, report))
    await flushReports()
  }

  /// Delivers queued reports in order; stops at the first one the daemon cannot be reached for. One delivery
  /// runs at a time (the actor is reentrant across the awaits): a call during a delivery leaves its report to it.
  func flushReports() async {
    guard !flushing else { return }
    flushing = true
    defer { flushing = false }
    while let (job, report) = unsent.first {
      do {
        _ = try await control.call { client throws(ClientError) in
          try client.call("POST", "/v1/agent/jobs/\(job)/state", body: report, as: JobInfo.self)
        }
        delivered(job, report)
      } catch ClientError.api(let status, let error) where status == 409 || status == 404 || status == 400 {
        // The job is no longer this node's: nothing to report, and nothing of it may keep running.
        delivered(job, report)
        logger.info(
          "suanlid refused the \(report.state) report: \(error.message)",
          metadata: [LogKey.jobID: "\(job)", LogKey.node: "\(node)"])
        if status == 409, report.state == "running" { stop(job, .unassigned) }
      } catch {
        return
      }
    }
  }

  /// A report is settled: an end report's job leaves the disk (unless a new run of it has started here).
  private func delivered(_ job: UInt64, _ report: JobStateReport) {
    unsent.removeFirst()
    if report.state != "running", jobs[job] == nil { state.remove(job: job) }
  }
}
