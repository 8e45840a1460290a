internal import ArgumentParser
internal import SuanliAPI

/// Which jobs `cancel`, `hold` and `release` act on: the ones named, your own, an array's, narrowed by state.
struct JobSelection: ParsableArguments {
  @Argument(help: ArgumentHelp("Jobs: ids (42) or array elements (42_7).", valueName: "job"))
  var jobs: [JobReference] = []

  @Flag(help: "All your own jobs not yet ended.")
  var mine = false

  @Option(name: .customLong("array"), help: ArgumentHelp("Every job of this array job.", valueName: "id"))
  var arrayJob: UInt64?

  @Option(
    help: ArgumentHelp("Only those of the selected jobs in these states (e.g. pending).", valueName: "state,…"),
    transform: JobArguments.list)
  var state: [String]?

  func validate() throws {
    if jobs.isEmpty, !mine, arrayJob == nil { throw ValidationError("name the jobs, or use --mine or --array ID") }
    for name in state ?? [] where JobStateName(rawValue: name) == nil {
      throw ValidationError("--state: unknown state '\(name)'")
    }
  }

  /// One target: a job the user named (resolved when acted on, so one bad name does not stop the others), or
  /// a job found by a listing.
  enum Target: Hashable {
    case named(JobReference)
    case listed(UInt64)
  }

  /// The named jobs, then those of --mine and --array, each once.
  func targets(with client: CLIClient) throws(CLIError) -> [Target] {
    var targets = jobs.map(Target.named)
    if mine {
      let me = try client.call("GET", "/v1/info", as: DaemonInfo.self).caller.user
      targets += try JobListing(states: state ?? [], user: me).fetch(with: client).map { .listed($0.id) }
    }
    if let arrayJob { targets += try arrayJobs(arrayJob, with: client).map { .listed($0.id) } }
    var seen = Set<Target>()
    return targets.filter { seen.insert($0).inserted }
  }

  /// The jobs of array `id` not yet ended (or in --state): consecutive ids from the array job's own.
  private func arrayJobs(_ id: UInt64, with client: CLIClient) throws(CLIError) -> [JobInfo] {
    var found: [JobInfo] = []
    var after = id - 1
    let listing = JobListing(states: state ?? [])
    while true {
      let page = try client.call("GET", "/v1/jobs?" + listing.query(after: after), as: JobList.self)
      for job in page.jobs {
        guard job.arrayJobId == id else { return found }
        found.append(job)
      }
      guard let next = page.nextAfter else { return found }
      after = next
    }
  }

  /// Whether a named job is in one of the --state states (always true without --state).
  func admits(_ job: JobInfo) -> Bool { state.map { $0.contains(job.state.rawValue) } ?? true }
}
