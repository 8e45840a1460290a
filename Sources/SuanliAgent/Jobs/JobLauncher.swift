public import SuanliAPI
public import SuanliJobWrapper
import Subprocess
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// Starts a job and waits for it. The agent spawns `suanli-run-job` (see `JobWrapper`) with the job's
/// environment and stdout and stderr appended to `<state dir>/logs/<id>.log` (owned by the user); the wrapper,
/// a fresh single-threaded process, makes a new session (so its own process group), takes the user's groups,
/// gid and uid, changes to the working directory and runs the command. Identity changes are not made between
/// fork and exec of the multi-threaded agent: glibc's `setgroups` can hang there, waiting for a thread that only
/// existed in the parent (seen under load with Subprocess's fork path).
public struct JobLauncher: Sendable {
  public let node: String
  public let state: StateDirectory
  public let allowRootJobs: Bool
  /// The `suanli-run-job` executable, the wrapper around each job (see `JobWrapper`).
  public let wrapper: String

  public init(node: String, state: StateDirectory, allowRootJobs: Bool, wrapper: String) {
    self.node = node
    self.state = state
    self.allowRootJobs = allowRootJobs
    self.wrapper = wrapper
  }

  /// Runs the job until its main process ends. `started` is called with the pid once it exists (its pid is also
  /// its process group's id). Never throws: a job that cannot start ends as ``JobOutcome/notStarted(_:)``.
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
    let arguments =
      ["--status", state.statusPath(job: job.jobId)] + identity.arguments + ["--", executable]
      + job.command.dropFirst()
    let errorCopy = dup(log)
    do {
      let result = try await Subprocess.run(
        .path(FilePath(wrapper)), arguments: Arguments(arguments),
        // Each entry NUL-terminated: Subprocess strdup()s raw entries as they are.
        environment: .custom(environment.map { Array("\($0.key)=\($0.value)\0".utf8) }),
        workingDirectory: nil, platformOptions: PlatformOptions(), input: .none,
        output: .fileDescriptor(FileDescriptor(rawValue: log), closeAfterSpawningProcess: true),
        error: .fileDescriptor(FileDescriptor(rawValue: errorCopy), closeAfterSpawningProcess: true)
      ) { execution in
        await started(execution.processIdentifier.value)
      }
      if case .notStarted(let why)? = state.recordedOutcome(job: job.jobId) { return .notStarted(why) }
      switch result.terminationStatus {
      case .exited(let code): return .exited(Int(code))
      case .signaled(let signal): return .signaled(Int(signal))
      }
    } catch {
      return .notStarted("cannot start \(program) as uid \(job.uid) in \(job.workdir): \(error)")
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
