public import SuanliJobWrapper

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#endif

/// What the agent keeps on disk about a running job (`<state dir>/jobs/<id>.json`), so that a restarted agent
/// finds it again.
public struct JobRecord: Codable, Sendable, Hashable {
  public var jobId: UInt64
  public var pid: Int32
  /// The process's start time in clock ticks since boot (tells a recycled pid from the job).
  public var startTicks: UInt64?
  /// Unix seconds when the job started, and its walltime.
  public var startTime: Int64
  public var walltimeSeconds: Int64
  public var logPath: String
  /// The job's transient systemd unit, when it runs in one (its main process is then found through systemd).
  public var unit: String?

  public init(
    jobId: UInt64, pid: Int32, startTicks: UInt64?, startTime: Int64, walltimeSeconds: Int64,
    logPath: String, unit: String? = nil
  ) {
    self.jobId = jobId
    self.pid = pid
    self.startTicks = startTicks
    self.startTime = startTime
    self.walltimeSeconds = walltimeSeconds
    self.logPath = logPath
    self.unit = unit
  }

  enum CodingKeys: String, CodingKey {
    case jobId = "job_id"
    case pid
    case startTicks = "start_ticks"
    case startTime = "start_time"
    case walltimeSeconds = "walltime_seconds"
    case logPath = "log_path"
    case unit
  }
}

/// The agent's state directory: `jobs/<id>.json` records and `logs/<id>.log` outputs.
public struct StateDirectory: Sendable {
  public let path: String
  public var jobsPath: String { path + "/jobs" }
  public var logsPath: String { path + "/logs" }

  public init(path: String) { self.path = path }

  /// Creates the directories (mode 0755 so that jobs' users can reach their logs) when missing.
  public func create() throws(AgentError) {
    for directory in [path, jobsPath, logsPath] where mkdir(directory, 0o755) != 0 && errno != EEXIST {
      throw AgentError.system("cannot create \(directory)")
    }
  }

  public func logPath(job: UInt64) -> String { logsPath + "/\(job).log" }
  func recordPath(job: UInt64) -> String { jobsPath + "/\(job).json" }
  /// Where the job wrapper records how the job ended (see ``JobStatusFile``).
  public func statusPath(job: UInt64) -> String { jobsPath + "/\(job).status" }
  /// The job's environment for systemd while it runs in a unit (see ``EnvironmentFile``): root's, mode 0600.
  public func environmentPath(job: UInt64) -> String { jobsPath + "/\(job).env" }

  /// The outcome the job wrapper recorded, if any.
  public func recordedOutcome(job: UInt64) -> JobOutcome? {
    TextReader.contents(statusPath(job: job)).flatMap { JobStatusFile.outcome($0) }
  }

  /// Writes a record atomically (a temporary file, fsync, rename).
  public func save(_ record: JobRecord) throws(AgentError) {
    let final = recordPath(job: record.jobId)
    let temporary = final + ".tmp"
    let data: Data
    do { data = try JSONEncoder().encode(record) } catch { throw AgentError.message("cannot encode job record") }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw AgentError.system("cannot write \(temporary)") }
    let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    let synced = fsync(descriptor) == 0
    close(descriptor)
    guard written == data.count, synced, rename(temporary, final) == 0 else {
      unlink(temporary)
      throw AgentError.system("cannot write \(final)")
    }
  }

  public func remove(job: UInt64) {
    unlink(recordPath(job: job))
    unlink(statusPath(job: job))
    unlink(cgroupPath(job: job))
    unlink(environmentPath(job: job))
  }

  /// Where the name of the job's cgroup is kept (`launch = "process"` with cgroups).
  func cgroupPath(job: UInt64) -> String { jobsPath + "/\(job).cgroup" }

  /// Remembers the name of the job's cgroup.
  func saveCgroup(_ name: String, job: UInt64) throws(AgentError) {
    let path = cgroupPath(job: job)
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw AgentError.system("cannot create \(path)") }
    defer { close(descriptor) }
    let bytes = Array(name.utf8)
    guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
      throw AgentError.system("cannot write \(path)")
    }
  }

  /// The name of the job's cgroup, if it has one.
  func cgroup(job: UInt64) -> String? {
    TextReader.contents(cgroupPath(job: job)).map { $0.filter { !$0.isWhitespace } }.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Every record on disk; unreadable ones are skipped.
  public func records() -> [JobRecord] {
    jobFileNames().compactMap { name in
      guard name.hasSuffix(".json"), let text = TextReader.contents(jobsPath + "/" + name) else { return nil }
      return try? JSONDecoder().decode(JobRecord.self, from: Data(text.utf8))
    }.sorted { $0.jobId < $1.jobId }
  }

  /// Removes the environment files (and their temporary files) of jobs without a record: an agent that died
  /// between writing one and saving its job's record left it, with the job's secrets, for no one to remove.
  /// Call at start, before any job is launched.
  public func removeEnvironmentFiles(except jobs: Set<UInt64>) {
    for name in jobFileNames() {
      let stem = name.hasSuffix(".env") ? name.dropLast(4) : name.hasSuffix(".env.tmp") ? name.dropLast(8) : nil
      guard let stem, let job = UInt64(stem), !jobs.contains(job) else { continue }
      unlink(jobsPath + "/" + name)
    }
  }

  /// The names of the entries of `jobs/`.
  private func jobFileNames() -> [String] {
    guard let directory = opendir(jobsPath) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      names.append(withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
    }
    return names
  }
}

/// Failures of the agent's own operations, with a message for the log.
public enum AgentError: Error, CustomStringConvertible {
  case message(String)

  /// The message with the current `errno`'s text.
  static func system(_ what: String, errno code: Int32 = errno) -> AgentError {
    .message("\(what): \(String(cString: strerror(code)))")
  }

  public var description: String {
    switch self {
    case .message(let message): message
    }
  }
}
