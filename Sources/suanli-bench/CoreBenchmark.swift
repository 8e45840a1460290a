import ArgumentParser
import Glibc
import MemoryAllocator
import SuanliCore

/// `suanli-bench core`: submit rate, memory per pending job, one full pass, and steady-state event latency
/// of the scheduling core on a synthetic cluster.
struct CoreBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "core", abstract: "Benchmark the scheduling core on a synthetic cluster.")

  @Option(help: "Pending jobs to submit.") var jobs = 100_000
  @Option(help: "Nodes in the synthetic cluster.") var nodes = 10_000
  @Option(help: "Enterprises (tenants).") var enterprises = 1_000
  @Option(help: "Seed of the synthetic workload.") var seed: UInt64 = 1
  @Option(help: "Steady-state events (job finished + cycle).") var events = 2_000
  @Option(help: "Wall-time budget of the steady-state phase in seconds (it stops early when spent).")
  var maxSeconds = 120
  @Option(help: "Write one CSV line per steady-state event to this file.") var eventsCsv: String?
  @Flag(help: "Print one JSON object instead of a table.") var json = false

  static let targetFullPassMs = 250.0
  static let targetEventP99Us = 100.0
  static let targetBytesPerJob = 2048.0

  func validate() throws {
    guard jobs > 0, nodes >= 10, enterprises > 0, events >= 0, maxSeconds > 0 else {
      throw ValidationError("need --jobs > 0, --nodes >= 10, --enterprises > 0, --events >= 0, --max-seconds > 0")
    }
  }

  func run() throws {
    let cluster = SyntheticCluster(nodeCount: nodes, enterpriseCount: enterprises, seed: seed)
    var run = try CoreRun(cluster: cluster, seed: seed)
    try run.registerNodes()
    progress("registered \(nodes) nodes")
    let submitted = run.submitAll(count: jobs)
    progress("submitted \(jobs) jobs in \(Self.ms(submitted.time.wall)) ms")
    let pass = run.fullPass()
    let pendingAfterPass = run.pendingCount
    progress("full pass: \(pass.started) started in \(Self.ms(pass.time.wall)) ms")
    let steady = try run.steadyState(events: events, budget: .seconds(maxSeconds)) { done in
      if done % 250 == 0 { progress("steady state: \(done) of \(events) events") }
    }
    progress("steady state: \(steady.events) events in \(Self.ms(steady.time.wall)) ms")
    let recalcs = run.forcedRecalculation(repetitions: 3)
    if let path = eventsCsv { try EventLog.write(steady, to: path) }

    var report = Report()
    report.add("parameters", parameters(cluster))
    report.add("submit", submitReport(submitted))
    report.add("full_pass", passReport(pass, pendingAfter: pendingAfterPass))
    report.add("steady_state", steadyReport(steady))
    report.add("recalculation", recalcReport(recalcs))
    if let peak = Measurements.peakResidentMiB() { report.add("peak_rss_mib", peak, digits: 1) }
    report.add("targets", targets(submitted: submitted, pass: pass, steady: steady))
    print(json ? report.json() : report.table())
  }

  /// Phase progress on standard error, so long runs show where they are without disturbing the output.
  private func progress(_ message: String) {
    var line = "suanli-bench: \(message)\n"
    line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }

  private static func ms(_ duration: Duration) -> String { Report.format(Measurements.millis(duration), digits: 1) }

  private func parameters(_ cluster: SyntheticCluster) -> Report {
    var report = Report()
    report.add("jobs", jobs)
    report.add("nodes", nodes)
    report.add("enterprises", enterprises)
    report.add("seed", .number(String(seed)))
    report.add("events", events)
    report.add("max_seconds", maxSeconds)
    report.add("cards_total", cluster.cardsTotal)
    var perModel = Report()
    for (m, model) in SyntheticCluster.models.enumerated() { perModel.add(model, cluster.nodesPerModel[m]) }
    perModel.add("cpu-only", cluster.cpuNodes)
    report.add("nodes_per_model", perModel)
    report.add("budget_limited_enterprises", cluster.budgetLimited)
    report.add("boosted_enterprises", cluster.boosted)
    report.add("allocator", MemoryAllocator.description)
    return report
  }

  private func submitReport(_ submitted: CoreRun.SubmitResult) -> Report {
    var report = Report()
    report.add("accepted", submitted.accepted)
    report.add("rejected", submitted.rejected)
    if let reason = submitted.firstRejection { report.add("first_rejection", reason) }
    report.add("submit_ms", Measurements.millis(submitted.time.wall))
    report.add("submit_cpu_ms", Measurements.millis(submitted.time.cpu))
    let count = Double(submitted.accepted + submitted.rejected)
    report.add("submit_per_s", count / Measurements.seconds(submitted.time.wall), digits: 0)
    report.add("heap_growth_mib", Double(submitted.heapGrowth) / 1_048_576, digits: 2)
    report.add("bytes_per_pending_job", bytesPerJob(submitted), digits: 1)
    return report
  }

  private func passReport(_ pass: CoreRun.PassResult, pendingAfter: Int) -> Report {
    var report = Report()
    report.add("full_pass_ms", Measurements.millis(pass.time.wall))
    report.add("full_pass_cpu_ms", Measurements.millis(pass.time.cpu))
    report.add("decisions", pass.decisions)
    report.add("started", pass.started)
    report.add("preemptions", pass.preempted)
    report.add("ledger_entries", pass.ledger)
    report.add("decisions_per_s", Double(pass.decisions) / Measurements.seconds(pass.time.wall), digits: 0)
    report.add("pending_after", pendingAfter)
    return report
  }

  private func steadyReport(_ steady: CoreRun.SteadyResult) -> Report {
    var report = Report()
    let wall = steady.eventWallMicros.sorted()
    let cpu = steady.eventCPUMicros.sorted()
    let flagged = zip(steady.eventWallMicros, steady.recalcFlags)
    let plain = flagged.filter { !$0.1 }.map(\.0).sorted()
    let withRecalc = flagged.filter { $0.1 }.map(\.0).sorted()
    report.add("events", steady.events)
    report.add("stopped_early", steady.stoppedEarly)
    report.add("steady_wall_s", Measurements.seconds(steady.time.wall))
    report.add("event_p50_us", Measurements.percentile(wall, 50), digits: 1)
    report.add("event_p99_us", Measurements.percentile(wall, 99), digits: 1)
    report.add("event_max_us", wall.last ?? 0, digits: 1)
    report.add("event_cpu_p50_us", Measurements.percentile(cpu, 50), digits: 1)
    report.add("event_cpu_p99_us", Measurements.percentile(cpu, 99), digits: 1)
    report.add("event_cpu_max_us", cpu.last ?? 0, digits: 1)
    report.add("events_with_recalc", withRecalc.count)
    report.add("event_p50_us_without_recalc", Measurements.percentile(plain, 50), digits: 1)
    report.add("event_p99_us_without_recalc", Measurements.percentile(plain, 99), digits: 1)
    report.add("event_max_us_without_recalc", plain.last ?? 0, digits: 1)
    report.add("event_p50_us_with_recalc", Measurements.percentile(withRecalc, 50), digits: 1)
    let submits = steady.submitMicros.sorted()
    report.add("submit_us_p50", Measurements.percentile(submits, 50), digits: 1)
    report.add("submit_us_p99", Measurements.percentile(submits, 99), digits: 1)
    report.add("started_in_steady_state", steady.started)
    report.add("preemptions_in_steady_state", steady.preempted)
    report.add("decisions_in_steady_state", steady.decisions)
    return report
  }

  private func recalcReport(_ recalcs: [CoreRun.PassResult]) -> Report {
    var report = Report()
    let wall = recalcs.map { Measurements.millis($0.time.wall) }
    let cpu = recalcs.map { Measurements.millis($0.time.cpu) }
    report.add("recalc_ms", Measurements.percentile(wall.sorted(), 50))
    report.add("recalc_cpu_ms", Measurements.percentile(cpu.sorted(), 50))
    report.add("recalc_ms_each", wall.map { Report.format($0, digits: 3) }.joined(separator: " "))
    report.add("recalc_started", recalcs.map(\.started).reduce(0, +))
    report.add("recalc_preemptions", recalcs.map(\.preempted).reduce(0, +))
    return report
  }

  private func targets(submitted: CoreRun.SubmitResult, pass: CoreRun.PassResult, steady: CoreRun.SteadyResult)
    -> Report
  {
    let p99 = Measurements.percentile(steady.eventWallMicros.sorted(), 99)
    var report = Report()
    report.add("full_pass_ms", target(Measurements.millis(pass.time.wall), Self.targetFullPassMs))
    report.add("event_p99_us", target(p99, Self.targetEventP99Us))
    report.add("bytes_per_pending_job", target(bytesPerJob(submitted), Self.targetBytesPerJob))
    return report
  }

  private func target(_ value: Double, _ limit: Double) -> Report {
    var report = Report()
    report.add("value", value, digits: 1)
    report.add("limit", limit, digits: 0)
    report.add("pass", value <= limit)
    return report
  }

  private func bytesPerJob(_ submitted: CoreRun.SubmitResult) -> Double {
    Double(submitted.heapGrowth) / Double(max(1, submitted.accepted))
  }
}
