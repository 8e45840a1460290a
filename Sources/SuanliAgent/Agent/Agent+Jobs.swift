import SuanliAPI
import SuanliJobWrapper
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

/// Starting, stopping and ending jobs.
extension Agent {
  /// Makes the node run exactly `assignments`: starts what is listed and not running, stops what runs and is no
  /// longer listed — or is listed as another run of the job (requeued and started again since, e.g. while this
  /// agent was away: its start time differs); the new run starts once the old one has ended.
  func reconcile(_ assignments: [Assignment]) {
    lastAssignments = assignments
    let listed = Dictionary(assignments.map { ($0.jobId, $0.startTime) }, uniquingKeysWith: { first, _ in first })
    ended = ended.filter { listed[$0] != nil }
    for assignment in assignments where jobs[assignment.jobId] == nil && !ended.contains(assignment.jobId) {
      start(assignment)
    }
    for (id, job) in jobs where listed[id] != job.startTime { stop(id, .unassigned) }
  }

  /// Starts `assignment`'s process outside the actor, in a task that outlives the agent's shutdown (jobs keep
  /// running while the agent restarts).
  func start(_ assignment: Assignment) {
    let id = assignment.jobId
    jobs[id] = RunningJob(
      id: id, startTime: assignment.startTime, walltimeSeconds: assignment.walltimeSeconds,
      unit: launcher.mode == .systemd ? TransientUnit(assignment) : nil, logPath: state.logPath(job: id))
    logger.info(
      "starting job \(id) (\(assignment.name)) as \(assignment.user) (uid \(assignment.uid)): \(assignment.command.joined(separator: " "))",
      metadata: [LogKey.jobID: "\(id)", LogKey.node: "\(node)", LogKey.user: "\(assignment.user)"])
    let launcher = self.launcher
    Task.detached {
      let outcome = await launcher.run(assignment) { pid in await self.started(id, pid: pid) }
      await self.finished(id, outcome)
    }
  }

  /// The job's process exists: remember it on disk, report `running`, arm the walltime.
  func started(_ id: UInt64, pid: Int32) async {
    guard var job = jobs[id] else { return }
    job.pid = pid
    job.startTicks = ProcessGroup.startTicks(pid: pid)
    jobs[id] = job
    save(job)
    armWalltime(id)
    if job.stopReason != nil {
      // Unassigned while it was being spawned.
      terminate(id)
      return
    }
    await report(id, JobStateReport(node: node, state: "running", logPath: job.logPath))
  }

  private func save(_ job: RunningJob) {
    guard let pid = job.pid else { return }
    let record = JobRecord(
      jobId: job.id, pid: pid, startTicks: job.startTicks, startTime: job.startTime,
      walltimeSeconds: job.walltimeSeconds, logPath: job.logPath, unit: job.unit?.name)
    do { try state.save(record) } catch {
      logger.error("cannot save the state of job \(job.id): \(error)", metadata: [LogKey.jobID: "\(job.id)"])
    }
  }

  /// Stops the job at its walltime deadline.
  func armWalltime(_ id: UInt64) {
    guard let job = jobs[id] else { return }
    let delay = max(0, job.walltimeDeadline - Int64(time(nil)))
    jobs[id]?.timer = Task {
      try? await Task.sleep(for: .seconds(delay))
      guard !Task.isCancelled else { return }
      self.stop(id, .walltime)
    }
  }

  /// SIGTERM to the job's process group now, SIGKILL after the grace period. The first reason is kept.
  func stop(_ id: UInt64, _ reason: RunningJob.StopReason) {
    guard var job = jobs[id], job.stopReason == nil else { return }
    job.stopReason = reason
    jobs[id] = job
    logger.info(
      reason == .walltime
        ? "job \(id) reached its walltime: stopping it" : "job \(id) is no longer assigned to this node: stopping it",
      metadata: [LogKey.jobID: "\(id)", LogKey.node: "\(node)"])
    if job.pid != nil { terminate(id) }
  }

  /// The SIGTERM, then SIGKILL sequence on a job whose process exists: to its unit's processes, or to its process
  /// group.
  private func terminate(_ id: UInt64) {
    guard let job = jobs[id], let pid = job.pid else { return }
    let grace = config.stopGraceSeconds
    if let unit = job.unit {
      jobs[id]?.kill = Task.detached {
        await unit.kill(SIGTERM)
        try? await Task.sleep(for: .seconds(grace))
        // Systemd itself kills what is left of an ended unit (KillMode=control-group).
        guard !Task.isCancelled else { return }
        await unit.kill(SIGKILL)
      }
      return
    }
    ProcessGroup.signal(SIGTERM, group: pid, leader: pid)
    Task {
      try? await Task.sleep(for: .seconds(grace))
      // The whole group, even when its leader is already gone: stragglers must not outlive the job.
      ProcessGroup.signal(SIGKILL, group: pid, leader: self.jobs[id] == nil ? 0 : pid)
    }
  }

  /// The job's main process ended: clean up its group, forget it, report how it ended.
  func finished(_ id: UInt64, _ outcome: JobOutcome) async {
    guard let job = jobs.removeValue(forKey: id) else { return }
    job.timer?.cancel()
    job.kill?.cancel()
    if let pid = job.pid, job.unit == nil { ProcessGroup.signal(SIGKILL, group: pid, leader: 0) }
    let (stateName, exitCode, signal, message) = outcome.report(
      node: node, stoppedForWalltime: job.stopReason == .walltime)
    logger.info(
      "job \(id) ended: \(stateName)\(message.map { " (\($0))" } ?? "")",
      metadata: [LogKey.jobID: "\(id)", LogKey.node: "\(node)", LogKey.event: "job.\(stateName)"])
    guard job.stopReason != .unassigned else {
      // That run is over for the daemon too; if it lists the job again (requeued here), it is a new run.
      state.remove(job: id)
      reconcile(lastAssignments)
      return
    }
    // The record stays until the report is delivered: an agent restarted before that reports the ending
    // instead of running the job again.
    ended.insert(id)
    await report(
      id, JobStateReport(node: node, state: stateName, exitCode: exitCode, signal: signal, message: message))
  }

  /// The ids of the jobs whose processes run (or are being started) here.
  var runningIDs: [UInt64] { jobs.keys.sorted() }
}
