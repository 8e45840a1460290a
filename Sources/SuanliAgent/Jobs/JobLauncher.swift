public import SuanliAPI
public import SuanliJobWrapper
import Subprocess
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// Starts a job and waits for it. The agent runs `suanli-run-job` (see `JobWrapper`) with the job's environment
/// and stdout and stderr appended to `<state dir>/logs/<id>.log` (owned by the user); the wrapper, a fresh
/// single-threaded process, joins the job's cgroup, makes a new session (so its own process group), takes the
/// user's groups, gid and uid, changes to the working directory and runs the command. Identity changes are not
/// made between fork and exec of the multi-threaded agent: glibc's `setgroups` can hang there, waiting for a
/// thread that only existed in the parent (seen under load with Subprocess's fork path).
///
/// How the wrapper itself is started depends on ``Mode``: as a transient systemd unit, or as the agent's child.
public struct JobLauncher: Sendable {
  /// How jobs are started and confined on this node.
  public enum Mode: Sendable, Hashable {
    /// A transient unit per job (``TransientUnit``), with `MemoryMax=` and `CPUQuota=`.
    case systemd
    /// The agent's child, in a cgroup of its own when `cgroups` is known (``CgroupLayout``); without one, jobs
    /// that use no cards get an address-space limit.
    case process(cgroups: CgroupLayout?)
  }

  public let node: String
  public let state: StateDirectory
  public let allowRootJobs: Bool
  /// The `suanli-run-job` executable, the wrapper around each job (see `JobWrapper`).
  public let wrapper: String
  public let mode: Mode
  public let stopGraceSeconds: Int64

  public init(
    node: String, state: StateDirectory, allowRootJobs: Bool, wrapper: String, mode: Mode = .process(cgroups: nil),
    stopGraceSeconds: Int64 = 10
  ) {
    self.node = node
    self.state = state
    self.allowRootJobs = allowRootJobs
    self.wrapper = wrapper
    self.mode = mode
    self.stopGraceSeconds = stopGraceSeconds
  }

  /// Runs the job until its main process ends. `started` is called with the pid of the process the agent
  /// spawned once it exists (the wrapper, whose pid is also its process group's id; `systemd-run` for a unit).
  /// Never throws: a job that cannot start ends as ``JobOutcome/notStarted(_:)``.
  public func run(_ job: Assignment, started: @Sendable (Int32) async -> Void) async -> JobOutcome {
    if job.uid == 0 && !allowRootJobs {
      return .notStarted(
        "jobs of root (uid 0) are refused on node \(node); set allow_root_jobs = true in [jobs] of agent.toml")
    }
    guard let program = job.command.first else { return .notStarted("the job has no command") }
    let environment = JobEnvironment.variables(for: job, node: node)
    guard let executable = Self.resolve(program, path: environment["PATH"] ?? JobEnvironment.defaultPath) else {
      return .notStarted("command not found on node \(node): \(program)")
    }
    let log: Int32
    do { log = try openLog(for: job) } catch { return .notStarted(error.description) }
    do { try createStatusFile(for: job) } catch {
      close(log)
      return .notStarted(error.description)
    }
    let identity = JobWrapper.Identity(
      uid: job.uid, gid: job.gid, groups: Self.groups(user: job.user, gid: job.gid), workdir: job.workdir)
    let limits = ResourceLimits(job)
    var confinement = JobWrapper.Confinement()
    if case .process(let cgroups) = mode {
      if let cgroups {
        do throws(AgentError) {
          let cgroup = try cgroups.create(job: job.jobId, limits: limits)
          do throws(AgentError) {
            try state.saveCgroup(cgroup.name, job: job.jobId)
          } catch {
            await cgroup.remove()  // nothing runs in it yet: leave nothing behind
            throw error
          }
          confinement.cgroupProcs = cgroup.procsFiles
        } catch {
          close(log)
          return .notStarted("\(error.description) (set launch in [jobs] of agent.toml to run jobs without cgroups)")
        }
      } else {
        confinement.addressSpaceBytes = limits.addressSpaceBytes
      }
    }
    let command =
      [wrapper, "--status", state.statusPath(job: job.jobId)] + identity.arguments + confinement.arguments
      + ["--", executable] + job.command.dropFirst()
    let spawned: Result<TerminationStatus, any Error>
    switch mode {
    case .systemd:
      return await runUnit(job, environment: environment, limits: limits, log: log, command: command, started: started)
    case .process:
      spawned = await spawn(command, environment: environment, log: log, started: started)
    }
    let outcome: JobOutcome
    switch spawned {
    case .failure(let error):
      outcome = .notStarted("cannot start \(program) as uid \(job.uid) in \(job.workdir): \(error)")
    case .success(let status):
      switch (state.recordedOutcome(job: job.jobId), status) {
      case (let recorded?, _): outcome = recorded
      case (nil, .exited(let code)): outcome = .exited(Int(code))
      case (nil, .signaled(let signal)): outcome = .signaled(Int(signal))
      }
    }
    return await settle(job: job.jobId, outcome)
  }

  /// After the job's main process ended: its environment file (systemd) is removed, an out-of-memory kill is told
  /// as such, processes left in its cgroup are killed and the cgroup is removed. Also for jobs re-adopted after a
  /// restart.
  public func settle(job id: UInt64, _ outcome: JobOutcome) async -> JobOutcome {
    unlink(state.environmentPath(job: id))
    guard case .process(let cgroups?) = mode, let name = state.cgroup(job: id) else { return outcome }
    let cgroup = cgroups.cgroup(named: name)
    var settled = outcome
    // The wrapper tells an out-of-memory kill itself; unless it was the one killed.
    if outcome == .signaled(Int(SIGKILL)) || outcome == .unknown, let memory = cgroup.memoryDirectory,
      CgroupMemory.outOfMemoryKills(in: memory) > 0, let limit = CgroupMemory.limitMiB(in: memory)
    {
      settled = .outOfMemory(limitMiB: limit)
    }
    cgroup.killAll()
    // Reported once nothing is left of the job (the kernel lets the cgroup go within milliseconds).
    await cgroup.remove()
    return settled
  }

  /// Starts the job's transient unit with `systemd-run` (which returns once the wrapper runs in it: no D-Bus
  /// needed, root talks to systemd directly), then watches the unit's main process, the wrapper, until it ends.
  /// The environment goes to systemd in a file of the agent's (see ``EnvironmentFile``), removed when the job
  /// ends or could not start (by ``settle(job:_:)`` for a job adopted after a restart).
  private func runUnit(
    _ job: Assignment, environment: [String: String], limits: ResourceLimits, log: Int32, command: [String],
    started: @Sendable (Int32) async -> Void
  ) async -> JobOutcome {
    let unit = TransientUnit(job)
    let environmentFile = state.environmentPath(job: job.jobId)
    guard EnvironmentFile.isUsable(path: environmentFile) else {
      close(log)
      return .notStarted(
        "the state directory \(state.path) cannot hold a systemd EnvironmentFile= (it must be an absolute path without *, ?, [, %, \\ or whitespace)"
      )
    }
    do throws(AgentError) { try EnvironmentFile.write(environment, to: environmentFile) } catch {
      close(log)
      return .notStarted("cannot pass the environment of job \(job.jobId) to systemd: \(error)")
    }
    defer { unlink(environmentFile) }
    let arguments = unit.runArguments(
      job: job, environmentFile: environmentFile, limits: limits, logPath: state.logPath(job: job.jobId),
      stopGraceSeconds: stopGraceSeconds, command: command)
    // systemd-run's own complaints (a unit of that name still exists…) go to the job's log.
    let launched = await spawn(
      ["/usr/bin/env", "systemd-run"] + arguments, environment: ["PATH": JobEnvironment.defaultPath], log: log
    ) { _ in }
    switch launched {
    case .failure(let error): return .notStarted("cannot run systemd-run for job \(job.jobId): \(error)")
    case .success(let status) where !status.isSuccess:
      return .notStarted("systemd-run could not start \(unit.name) (\(status)); see \(state.logPath(job: job.jobId))")
    case .success: break
    }
    // A job shorter than this query has already recorded its end.
    if let pid = await unit.mainPID() {
      await started(pid)
      await ProcessGroup.waitForExit(pid: pid, startTicks: ProcessGroup.startTicks(pid: pid), every: .milliseconds(100))
    }
    return state.recordedOutcome(job: job.jobId) ?? .unknown
  }

  /// Spawns `command` with stdout and stderr on `log` (closed here) and waits for it.
  private func spawn(
    _ command: [String], environment: [String: String], log: Int32, started: @Sendable (Int32) async -> Void
  ) async -> Result<TerminationStatus, any Error> {
    let errorCopy = dup(log)
    do {
      let result = try await Subprocess.run(
        .path(FilePath(command[0])), arguments: Arguments(Array(command.dropFirst())),
        // Each entry NUL-terminated: Subprocess strdup()s raw entries as they are.
        environment: .custom(environment.map { Array("\($0.key)=\($0.value)\0".utf8) }),
        workingDirectory: nil, platformOptions: PlatformOptions(), input: .none,
        output: .fileDescriptor(FileDescriptor(rawValue: log), closeAfterSpawningProcess: true),
        error: .fileDescriptor(FileDescriptor(rawValue: errorCopy), closeAfterSpawningProcess: true)
      ) { execution in
        await started(execution.processIdentifier.value)
      }
      return .success(result.terminationStatus)
    } catch {
      return .failure(error)
    }
  }

  /// An empty status file the wrapper (running as the job's user) may write.
  private func createStatusFile(for job: Assignment) throws(AgentError) {
    let path = state.statusPath(job: job.jobId)
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw AgentError.system("cannot create \(path)") }
    defer { close(descriptor) }
    guard fchown(descriptor, job.uid, job.gid) == 0 || geteuid() != 0 else {
      throw AgentError.system("cannot give \(path) to uid \(job.uid)")
    }
  }

  /// Opens (creates) the job's log for appending, owned by the job's user.
  private func openLog(for job: Assignment) throws(AgentError) -> Int32 {
    let path = state.logPath(job: job.jobId)
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o640)
    guard descriptor >= 0 else { throw AgentError.system("cannot open the log \(path)") }
    guard fchown(descriptor, job.uid, job.gid) == 0 || geteuid() != 0 else {
      close(descriptor)
      throw AgentError.system("cannot give the log \(path) to uid \(job.uid)")
    }
    return descriptor
  }

  /// The first executable `program` in `path` (a program with a `/` is taken as it is).
  static func resolve(_ program: String, path: String) -> String? {
    if program.contains("/") { return program }
    return path.split(separator: ":").map { "\($0)/\(program)" }.first { access($0, X_OK) == 0 }
  }

  /// The supplementary groups of `user` (with `gid`), as `initgroups` would set them; `[gid]` when the user is
  /// unknown on this node.
  static func groups(user: String, gid: UInt32) -> [UInt32] {
    guard !user.isEmpty else { return [gid] }
    var count: Int32 = 64
    var groups = [UInt32](repeating: 0, count: Int(count))
    if getgrouplist(user, gid, &groups, &count) < 0 {
      groups = [UInt32](repeating: 0, count: Int(count))
      guard getgrouplist(user, gid, &groups, &count) >= 0 else { return [gid] }
    }
    return Array(groups.prefix(Int(count)))
  }
}
