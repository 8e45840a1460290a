public import SuanliAPI

#if canImport(Glibc)
  import Glibc
#endif

/// A run of a job by systemd as the transient service `suanli-job-<id>-<start time>.service` (`launch =
/// "systemd"`): systemd enforces `MemoryMax=` and `CPUQuota=` and holds every process of the job in the unit's
/// cgroup, so that a stop reaches all of them, and operators see it with `systemctl status 'suanli-job-42-*'`.
/// Each run has a unit of its own: a requeued job started here again does not meet the previous run's unit,
/// which may still be stopping.
public struct TransientUnit: Sendable, Hashable {
  public var name: String

  public init(name: String) { self.name = name }
  /// The unit of this run of the job: the assignment's start time tells the runs of a job apart, as the agent's
  /// reconciliation does.
  public init(_ assignment: Assignment) { name = "suanli-job-\(assignment.jobId)-\(assignment.startTime).service" }

  /// The `systemd-run` arguments that run `command` (the job wrapper and its options) in the unit; `systemd-run`
  /// returns once the command runs (`--service-type=exec`). The environment is read from `environmentFile` (see
  /// ``EnvironmentFile``), never given on the command line. Output is appended to the job's log; systemd's own
  /// stop (at shutdown) sends SIGTERM, then SIGKILL after `stopGraceSeconds`, as the agent does; the unit is
  /// unloaded when it ends, even when it failed (the wrapper records how the job ended).
  public func runArguments(
    job: Assignment, environmentFile: String, limits: ResourceLimits, logPath: String, stopGraceSeconds: Int64,
    command: [String]
  ) -> [String] {
    let properties =
      [
        "EnvironmentFile=\(environmentFile)", "StandardOutput=append:\(logPath)", "StandardError=append:\(logPath)",
        "KillMode=control-group", "TimeoutStopSec=\(stopGraceSeconds)s",
      ] + limits.unitProperties
    return [
      "--unit=\(name)", "--description=suanli job \(job.jobId) (\(job.name)) of \(job.user)", "--quiet", "--collect",
      "--service-type=exec",
    ] + properties.map { "--property=\($0)" } + ["--"] + command
  }

  /// Sends `signal` to every process of the unit. False when the unit is not running.
  @discardableResult
  public func kill(_ signal: Int32) async -> Bool {
    await Tool.output(of: "systemctl", ["kill", "--signal=\(signal)", name]) != nil
  }

  /// The pid of the unit's main process (the job wrapper), or nil when the unit does not run.
  public func mainPID() async -> Int32? {
    guard let text = await Tool.output(of: "systemctl", ["show", "--property=MainPID", "--value", name]),
      let pid = Int32(text.filter { !$0.isWhitespace }), pid > 0
    else { return nil }
    return pid
  }
}
