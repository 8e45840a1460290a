import SuanliAPI

/// A job the agent supervises, from the moment it decides to start it until its processes are gone.
struct RunningJob: Sendable {
  /// Why the agent is stopping the job (the first reason wins).
  enum StopReason: Sendable {
    /// `start_time + walltime` passed: the ending is reported as `timeout`.
    case walltime
    /// The daemon no longer lists the job (cancelled, preempted, requeued): the ending is not reported.
    case unassigned
  }

  var id: UInt64
  /// Unix seconds when the daemon started the job, and its walltime: the job is stopped at their sum.
  var startTime: Int64
  var walltimeSeconds: Int64
  var walltimeDeadline: Int64 { startTime + walltimeSeconds }
  /// Known once the process exists; it also names the process group.
  var pid: Int32?
  var startTicks: UInt64?
  /// The systemd unit the job runs in (`launch = "systemd"`): stops go to all of its processes through systemd.
  var unit: TransientUnit?
  var logPath: String
  var stopReason: StopReason?
  /// The walltime timer, cancelled when the job ends first.
  var timer: Task<Void, Never>?
  /// The SIGKILL that follows a stop's SIGTERM after the grace period, cancelled when the job ends first.
  var kill: Task<Void, Never>?
  /// Re-adopted after a restart: not the agent's child, watched through `/proc`.
  var adopted = false
}
