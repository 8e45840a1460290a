#if canImport(Glibc)
  import Glibc
#endif

/// `suanli-agent run-job --status FILE --uid U --gid G --groups G1,G2 --chdir DIR -- PROGRAM ARGS…`: the job's
/// process group leader. It makes a new session, takes the job's identity, changes to its working directory,
/// runs the command, waits for it, records how it ended in FILE (so a restarted agent learns it), then ends the
/// same way. It ignores SIGTERM, SIGINT, SIGHUP and SIGQUIT (the command gets them with their default action),
/// so that a stop sent to the whole group reaches the command and the wrapper still records its end; SIGKILL
/// ends both.
public enum JobWrapper {
  static let forwarded: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT]

  /// Who the job runs as, and where.
  public struct Identity: Sendable, Hashable {
    public var uid: UInt32
    public var gid: UInt32
    /// Supplementary groups (the user's groups, with `gid`).
    public var groups: [UInt32]
    public var workdir: String

    public init(uid: UInt32, gid: UInt32, groups: [UInt32], workdir: String) {
      self.uid = uid
      self.gid = gid
      self.groups = groups
      self.workdir = workdir
    }

    /// The wrapper's options for this identity.
    public var arguments: [String] {
      [
        "--uid", String(uid), "--gid", String(gid), "--groups", groups.map(String.init).joined(separator: ","),
        "--chdir", workdir,
      ]
    }
  }

  /// The limits the job runs under, applied by the wrapper before it takes the job's identity.
  public struct Confinement: Sendable, Hashable {
    /// `cgroup.procs` files the wrapper joins (so the job and all its processes are in the job's cgroup).
    public var cgroupProcs: [String]
    /// A soft address-space limit (RLIMIT_AS) for the job's command, when there is no cgroup to limit memory.
    public var addressSpaceBytes: UInt64?

    public init(cgroupProcs: [String] = [], addressSpaceBytes: UInt64? = nil) {
      self.cgroupProcs = cgroupProcs
      self.addressSpaceBytes = addressSpaceBytes
    }

    /// The wrapper's options for these limits.
    public var arguments: [String] {
      (cgroupProcs.isEmpty ? [] : ["--cgroup-procs", cgroupProcs.joined(separator: ",")])
        + (addressSpaceBytes.map { ["--address-space", String($0)] } ?? [])
    }
  }

  public static func run(
    statusPath: String, identity: Identity, confinement: Confinement = Confinement(), command: [String]
  ) -> Never {
    // Opened before the identity changes: the agent created it for this job.
    let status = open(statusPath, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW)
    for signalNumber in forwarded { signal(signalNumber, SIG_IGN) }
    let outcome =
      join(confinement.cgroupProcs) ?? become(identity)
      ?? runTellingOutOfMemory(command, addressSpace: confinement.addressSpaceBytes)
    record(outcome, in: status)
    switch outcome {
    case .exited(let code): exit(Int32(truncatingIfNeeded: code))
    case .signaled(let signalNumber):
      signal(Int32(signalNumber), SIG_DFL)
      var core = rlimit(rlim_cur: 0, rlim_max: 0)
      setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
      kill(getpid(), Int32(signalNumber))
      exit(Int32(128 + signalNumber))
    case .notStarted(let why):
      var text = Array("suanli-agent: \(why)\n".utf8)
      _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
      exit(127)
    case .outOfMemory:
      // As the kernel ended the command.
      signal(SIGKILL, SIG_DFL)
      kill(getpid(), SIGKILL)
      exit(137)
    case .unknown: exit(1)
    }
  }

  /// Runs the command; a SIGKILL the kernel sent because the job's cgroup (joined above, or its transient unit's)
  /// went over its memory limit is told as ``JobOutcome/outOfMemory(limitMiB:)``.
  private static func runTellingOutOfMemory(_ command: [String], addressSpace: UInt64?) -> JobOutcome {
    let cgroup = CgroupMemory.directory(of: .current())
    let killsBefore = cgroup.map { CgroupMemory.outOfMemoryKills(in: $0) } ?? 0
    let outcome = spawnAndWait(command, addressSpace: addressSpace)
    guard outcome == .signaled(Int(SIGKILL)), let cgroup, CgroupMemory.outOfMemoryKills(in: cgroup) > killsBefore,
      let limit = CgroupMemory.limitMiB(in: cgroup)
    else { return outcome }
    return .outOfMemory(limitMiB: limit)
  }

  /// Moves the wrapper (and so everything it starts) into the job's cgroups.
  private static func join(_ procsFiles: [String]) -> JobOutcome? {
    let pid = Array("\(getpid())".utf8)
    for path in procsFiles {
      let descriptor = open(path, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return failure("cannot open \(path)") }
      let written = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      close(descriptor)
      guard written == pid.count else { return failure("cannot join the job's cgroup \(path)") }
    }
    return nil
  }

  /// New session, groups, gid, uid, working directory; the reason when one of them fails.
  private static func become(_ identity: Identity) -> JobOutcome? {
    _ = setsid()
    var groups = identity.groups.map { gid_t($0) }
    if geteuid() == 0 {
      guard setgroups(groups.count, &groups) == 0 else { return failure("cannot set the groups") }
      guard setgid(identity.gid) == 0 else { return failure("cannot set gid \(identity.gid)") }
      guard setuid(identity.uid) == 0 else { return failure("cannot set uid \(identity.uid)") }
    } else if getuid() != identity.uid {
      return .notStarted("the agent is not root: it cannot run jobs of uid \(identity.uid)")
    }
    guard chdir(identity.workdir) == 0 else { return failure("cannot change to \(identity.workdir)") }
    return nil
  }

  private static func failure(_ what: String) -> JobOutcome {
    .notStarted("\(what): \(String(cString: strerror(errno)))")
  }

  /// Runs the command with `addressSpace` as its soft RLIMIT_AS (the wrapper lowers its own soft limit around
  /// the spawn only, so that it can still record the outcome).
  private static func spawnAndWait(_ command: [String], addressSpace: UInt64?) -> JobOutcome {
    let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
    var previous = rlimit()
    getrlimit(resource, &previous)
    if let addressSpace {
      var limited = previous
      limited.rlim_cur = min(rlim_t(addressSpace), previous.rlim_max)
      setrlimit(resource, &limited)
    }
    let spawned = spawn(command)
    if addressSpace != nil { setrlimit(resource, &previous) }
    let pid: pid_t
    switch spawned {
    case .success(let spawnedPid): pid = spawnedPid
    case .failure(let failure): return failure.outcome
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return .unknown }
    }
    let low = status & 0x7f
    return low == 0 ? .exited(Int((status >> 8) & 0xff)) : .signaled(Int(low))
  }

  /// Why a spawn failed, as an error.
  private struct SpawnFailure: Error {
    var outcome: JobOutcome
  }

  private static func spawn(_ command: [String]) -> Result<pid_t, SpawnFailure> {
    guard let program = command.first else { return .failure(SpawnFailure(outcome: .notStarted("no command"))) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signalNumber in forwarded { sigaddset(&defaults, signalNumber) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { for argument in arguments { free(argument) } }
    var pid: pid_t = 0
    let failure = posix_spawn(&pid, program, nil, &attributes, &arguments, environ)
    guard failure == 0 else {
      return .failure(
        SpawnFailure(outcome: .notStarted("cannot run \(program): \(String(cString: strerror(failure)))")))
    }
    return .success(pid)
  }

  private static func record(_ outcome: JobOutcome, in descriptor: Int32) {
    guard descriptor >= 0 else { return }
    var bytes = Array(JobStatusFile.line(for: outcome).utf8)
    _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
    fsync(descriptor)
    close(descriptor)
  }
}
