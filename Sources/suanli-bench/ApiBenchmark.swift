import ArgumentParser
import Foundation
import SuanliAPI
import SuanliClient
import Synchronization

/// `suanli-bench api`: the daemon's request path end to end — a real `suanlid` on a temporary socket and state
/// directory, clients on threads, every submission acknowledged only once durable.
struct ApiBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "api", abstract: "Benchmark suanlid's API: single and batch submissions, listing, memory.")

  @Option(help: "Concurrent clients (threads, one connection each).") var clients = 8
  @Option(help: "Jobs to submit in each phase.") var jobs = 20_000
  @Option(help: "Jobs per batch request in the batch phase.") var batchSize = 1_000
  @Option(help: "The suanlid binary (default: next to this one).") var suanlid: String?
  @Flag(help: "Print one JSON object instead of a table.") var json = false

  static let targetSubmitPerSecond = 5_000.0
  static let targetBatchPerSecond = 50_000.0

  func validate() throws {
    guard clients > 0, jobs > 0, batchSize > 0 else {
      throw ValidationError("need positive --clients, --jobs, --batch-size")
    }
  }

  func run() throws {
    let daemon = try BenchDaemon(binary: suanlid ?? BenchDaemon.siblingBinary())
    defer { daemon.stop() }
    progress("suanlid started (pid \(daemon.pid)); \(jobs) single submissions from \(clients) clients…")

    var cpu = daemon.cpuSeconds()
    // Request bodies are encoded once: the clients only send, so the figures are the daemon's.
    let singleBody = Array(APIJSON.encode(Self.job))
    let single = try measure(daemon.socketPath, jobs: jobs) { client, count in
      for _ in 0..<count { try Self.expectCreated(try client.raw("POST", "/v1/jobs", body: singleBody)) }
    }
    let singleCPU = daemon.cpuSeconds() - cpu
    cpu = daemon.cpuSeconds()
    progress("\(Int(Double(jobs) / single)) submissions/s; \(jobs) jobs in batches of \(batchSize)…")
    let batchSize = self.batchSize
    let fullBatch = Array(APIJSON.encode(BatchSubmission(jobs: Array(repeating: Self.job, count: batchSize))))
    let batch = try measure(daemon.socketPath, jobs: jobs) { client, count in
      var left = count
      while left > 0 {
        let size = min(batchSize, left)
        let body =
          size == batchSize
          ? fullBatch : Array(APIJSON.encode(BatchSubmission(jobs: Array(repeating: Self.job, count: size))))
        try Self.expectCreated(try client.raw("POST", "/v1/jobs/batch", body: body))
        left -= size
      }
    }
    let batchCPU = daemon.cpuSeconds() - cpu
    progress("listing…")
    let client = SuanliClient(socketPath: daemon.socketPath)
    let started = DispatchTime.now().uptimeNanoseconds
    let listed = try client.jobs(query: "limit=\(jobs)").jobs.count
    let listMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6

    let report = ApiReport(
      clients: clients, jobs: jobs, batchSize: batchSize, submitPerS: Double(jobs) / single,
      batchSubmitPerS: Double(jobs) / batch, daemonCpuUsPerSubmit: singleCPU * 1e6 / Double(jobs),
      daemonCpuUsPerBatchedJob: batchCPU * 1e6 / Double(jobs), listMs: listMs, listedJobs: listed,
      rssMb: daemon.residentMegabytes(),
      targets: .init(submitPerS: Self.targetSubmitPerSecond, batchSubmitPerS: Self.targetBatchPerSecond))
    print(json ? report.json : report.table)
  }

  static let job: JobSubmission = {
    var job = JobSubmission(command: ["/bin/sleep", "600"])
    job.cards = 1
    job.models = ["nvidia-h200"]
    job.walltimeSeconds = 3_600
    return job
  }()

  private static func expectCreated(_ response: (status: Int, body: [UInt8])) throws {
    guard response.status == 201 else {
      throw BenchError("suanlid answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
    }
  }

  /// Runs `work` on every client thread with its share of `jobs`; returns the wall time in seconds.
  private func measure(
    _ socketPath: String, jobs: Int, _ work: @escaping @Sendable (SuanliClient, Int) throws -> Void
  ) throws -> Double {
    let failure = Mutex<(any Error)?>(nil)
    let group = DispatchGroup()
    let started = DispatchTime.now().uptimeNanoseconds
    for index in 0..<clients {
      let share = jobs / clients + (index < jobs % clients ? 1 : 0)
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        do { try work(SuanliClient(socketPath: socketPath), share) } catch { failure.withLock { $0 = error } }
      }
    }
    group.wait()
    if let error = failure.withLock({ $0 }) { throw error }
    return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
  }

  private func progress(_ text: String) {
    FileHandle.standardError.write(Data("api: \(text)\n".utf8))
  }
}
