/// How a job's processes ended, and what the agent reports for it.
public enum JobOutcome: Sendable, Hashable {
  /// The main process exited with a code.
  case exited(Int)
  /// The main process was killed by a signal.
  case signaled(Int)
  /// The job could not be started (refused, or the spawn failed).
  case notStarted(String)
  /// The kernel killed the job for going over its memory request (its cgroup's limit), in MiB.
  case outOfMemory(limitMiB: Int)
  /// The process ended while the agent was not its parent (re-adopted after a restart): no status.
  case unknown

  /// The report for this outcome; `stoppedForWalltime` makes any ending a `timeout`.
  public func report(node: String, stoppedForWalltime: Bool) -> (
    state: String, exitCode: Int?, signal: Int?, message: String?
  ) {
    if stoppedForWalltime {
      switch self {
      case .exited(let code): return ("timeout", code, nil, "walltime reached")
      case .signaled(let signal): return ("timeout", nil, signal, "walltime reached")
      default: return ("timeout", nil, nil, "walltime reached")
      }
    }
    switch self {
    case .exited(0): return ("succeeded", 0, nil, nil)
    case .exited(let code): return ("failed", code, nil, "exited with code \(code)")
    case .signaled(let signal): return ("failed", nil, signal, "killed by signal \(signal)")
    case .notStarted(let why): return ("failed", nil, nil, why)
    case .outOfMemory(let limit):
      return (
        "failed", nil, 9, "out of memory: killed for using more than its \(limit) MiB; submit it with more --mem"
      )
    case .unknown:
      return ("failed", nil, nil, "the job's processes ended while the agent was restarting; exit status unknown")
    }
  }
}
