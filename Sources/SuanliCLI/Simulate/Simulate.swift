internal import ArgumentParser
internal import Foundation
internal import SuanliConfig
internal import SuanliSimulator

/// `suanli simulate TRACE --cluster FILE`: replays a job trace through the scheduling core, with a virtual
/// clock, under several policies side by side. Needs no daemon.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay a job trace on a described cluster and compare scheduling policies (no daemon needed).",
    discussion: """
      The trace is a CSV file in the schema of the workload traces (job_id, tenant, submit_time_s, duration_s, \
      num_gpus, …). Each policy is a setting of the very same scheduler the daemon runs:
        fifo      strict FIFO by submission: nothing starts past a job that does not fit; no quotas
        backfill  FIFO with backfill reservations: later jobs start where they delay none; no quotas
        quota     multifactor priority, quotas and budgets, in strict order: no backfill or preemption
        suanli    Suanli as configured: priority, guarantees and borrowing, budgets, backfill, reclaim
      Traces have no walltimes: each job asks for its duration × walltime_factor (cluster file [jobs]), and a \
      job that runs longer ends as timeout. Tenants become enterprises (--tenants, else one per tenant).
      """)

  @Argument(help: ArgumentHelp("The trace (CSV).", valueName: "trace.csv"))
  var trace: String

  @Option(help: ArgumentHelp("The cluster description (TOML; see etc/suanli/simulate/).", valueName: "file"))
  var cluster: String

  @Option(help: ArgumentHelp("Tenant to enterprise map: lines of tenant,enterprise.", valueName: "file"))
  var tenants: String?

  @Option(
    help: ArgumentHelp("Policies to compare (default: all four).", valueName: "fifo,backfill,quota,suanli"),
    transform: Self.policies)
  var policy: [Policy]?

  /// The policies to run, in the order given.
  var policies: [Policy] { policy ?? Policy.allCases }

  @Option(help: ArgumentHelp("Walltime estimate = duration × this (overrides the cluster file).", valueName: "x"))
  var walltimeFactor: Double?

  @Option(
    help: ArgumentHelp("Longest walltime estimate (7d, 36h; overrides the cluster file).", valueName: "duration"),
    transform: JobArguments.seconds)
  var walltimeCap: Int64?

  @Option(help: ArgumentHelp("Replay only the first n jobs, by submission.", valueName: "n"))
  var jobs: Int?

  @Option(help: ArgumentHelp("Write charts (SVG) into this directory.", valueName: "dir"))
  var svg: String?

  @Flag(help: "Print JSON (with a \"schema\" version field) instead of tables.")
  var json = false

  @Flag(
    inversion: .prefixedNo,
    help: "Show progress and the time taken on stderr (default: only when stderr is a terminal).")
  var progress: Bool?

  func validate() throws {
    if let factor = walltimeFactor, !(factor > 0 && factor <= 1_000) {
      throw ValidationError("--walltime-factor must be greater than 0 and at most 1000")
    }
    if let cap = walltimeCap, cap <= 0 { throw ValidationError("--walltime-cap must be positive") }
    if let jobs, jobs <= 0 { throw ValidationError("--jobs must be positive") }
    if policies.isEmpty { throw ValidationError("--policy needs at least one of fifo, backfill, quota, suanli") }
  }

  func run() throws {
    let inputs = try SimulateInputs.load(
      trace: trace, cluster: cluster, tenants: tenants, walltimeFactor: walltimeFactor, walltimeCap: walltimeCap,
      jobs: jobs)
    let showProgress = progress ?? (isatty(2) == 1)
    let meter = SimulateProgress(total: inputs.workload.jobs.count, enabled: showProgress)
    let clock = ContinuousClock()
    let started = clock.now
    let runs: [PolicyRun]
    do {
      runs = try Simulation.run(
        inputs.workload, on: inputs.model, config: inputs.config, policies: policies, progress: meter.report)
    } catch {
      throw CLIError("the cluster description cannot be simulated: \(error)", exitCode: CLIExit.rejected)
    }
    meter.finish(elapsed: clock.now - started, policies: policies.count)
    if let svg {
      try SimulateInputs.writeCharts(Charts.all(runs, workload: inputs.workload, cluster: inputs.model), to: svg)
    }
    let report = Simulation.report(runs, workload: inputs.workload, cluster: inputs.model)
    if json { return Output.json(report) }
    Output.line(SimulateText.render(report, width: Output.terminalWidth))
  }

  static func policies(_ text: String) throws -> [Policy] {
    try text.split(separator: ",").map { name in
      guard let policy = Policy(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("unknown policy \"\(name)\": choose among fifo, backfill, quota, suanli")
      }
      return policy
    }
  }
}
