import SuanliAPI
import SuanliJobWrapper
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

/// After a restart: the jobs the previous agent left running.
extension Agent {
  /// Reads `<state dir>/jobs/*.json`: jobs whose process still runs are supervised again (watched through
  /// `/proc`, since they are no longer this process's children; a job in a systemd unit through its unit's main
  /// process); jobs that ended meanwhile are reported. Call before registering, so that the registration lists
  /// the adopted jobs.
  public func adoptJobs() async throws(AgentError) {
    try state.create()
    let records = state.records()
    state.removeEnvironmentFiles(except: Set(records.map(\.jobId)))
    for record in records {
      let id = record.jobId
      let unit = record.unit.map(TransientUnit.init(name:))
      var pid = record.pid
      var startTicks = record.startTicks
      if let unit {
        // The agent's own `systemd-run` is gone; the unit's main process is the job's wrapper.
        pid = await unit.mainPID() ?? 0
        startTicks = pid > 0 ? ProcessGroup.startTicks(pid: pid) : nil
      }
      guard ProcessGroup.isAlive(pid: pid, startTicks: startTicks) else {
        // The record stays until the report is delivered (see `flushReports()`).
        let outcome = await launcher.settle(job: id, state.recordedOutcome(job: id) ?? .unknown)
        ended.insert(id)
        // Killed after its deadline: the previous agent (or this one's timer) stopped it for its walltime.
        let pastDeadline = record.startTime + record.walltimeSeconds <= Int64(time(nil))
        let killed: Bool
        switch outcome {
        case .exited: killed = false
        default: killed = true
        }
        let (name, code, signal, message) = outcome.report(node: node, stoppedForWalltime: pastDeadline && killed)
        unsent.append(
          (id, JobStateReport(node: node, state: name, exitCode: code, signal: signal, message: message)))
        logger.warning(
          "job \(id) ended while the agent was not running: \(name)",
          metadata: [LogKey.jobID: "\(id)", LogKey.node: "\(node)"])
        continue
      }
      jobs[id] = RunningJob(
        id: id, startTime: record.startTime, walltimeSeconds: record.walltimeSeconds, pid: pid,
        startTicks: startTicks, unit: unit, logPath: record.logPath, adopted: true)
      armWalltime(id)
      logger.info(
        "re-adopted job \(id) (pid \(pid)\(unit.map { ", unit \($0.name)" } ?? ""))",
        metadata: [LogKey.jobID: "\(id)", LogKey.node: "\(node)"])
      let launcher = self.launcher
      Task.detached {
        await ProcessGroup.waitForExit(pid: pid, startTicks: startTicks, every: .milliseconds(500))
        await self.finished(id, await launcher.settle(job: id, self.state.recordedOutcome(job: id) ?? .unknown))
      }
    }
  }
}
