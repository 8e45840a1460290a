#if canImport(Glibc)
  import Glibc
#endif

/// `suanli-agent run-job --status FILE -- PROGRAM ARGS…`: the job's process group leader. It starts the job's
/// command, waits for it, records how it ended in FILE (so a restarted agent learns it), then ends the same way.
/// It ignores SIGTERM, SIGINT, SIGHUP and SIGQUIT (the command gets them with their default action), so that a
/// stop sent to the whole group reaches the command and the wrapper still records its end; SIGKILL ends both.
public enum JobWrapper {
  static let forwarded: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT]

  public static func run(statusPath: String, command: [String]) -> Never {
    for signalNumber in forwarded { signal(signalNumber, SIG_IGN) }
    let outcome = spawnAndWait(command)
    record(outcome, in: statusPath)
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
    case .unknown: exit(1)
    }
  }

  private static func spawnAndWait(_ command: [String]) -> JobOutcome {
    guard let program = command.first else { return .notStarted("no command") }
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
    guard failure == 0 else { return .notStarted("cannot run \(program): \(String(cString: strerror(failure)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return .unknown }
    }
    let low = status & 0x7f
    return low == 0 ? .exited(Int((status >> 8) & 0xff)) : .signaled(Int(low))
  }

  private static func record(_ outcome: JobOutcome, in path: String) {
    let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { return }
    var bytes = Array(JobStatusFile.line(for: outcome).utf8)
    _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
    fsync(descriptor)
    close(descriptor)
  }
}
