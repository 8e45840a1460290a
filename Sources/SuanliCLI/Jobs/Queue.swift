internal import ArgumentParser
internal import SuanliAPI

/// `suanli queue` (`q`): the jobs you may see, like squeue, with why each pending job waits.
struct Queue: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List jobs, like squeue, with why each pending job waits.",
    discussion: """
      Without --state, jobs not yet ended are listed (pending, held, starting, running). TIME is how long a job \
      has waited while queued, and how long it has run once started.
      """,
    aliases: ["q"])

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp(
      "Only jobs in these states: a comma list of pending, held, starting, running, succeeded, failed, cancelled, "
        + "timeout, node_failed, preempted; or all.", valueName: "state,…"),
    transform: JobArguments.list)
  var state: [String]?

  @Option(help: ArgumentHelp("Only this enterprise's jobs.", valueName: "id"))
  var enterprise: String?

  @Option(help: ArgumentHelp("Only this user's jobs.", valueName: "name"))
  var user: String?

  @Flag(help: "Only your own jobs.")
  var mine = false

  @Option(
    help: ArgumentHelp(
      "Order: by id, priority (highest first), submit time (oldest first) or state.", valueName: "order"))
  var sort: QueueOrder = .id

  @Option(help: ArgumentHelp("At most this many jobs.", valueName: "n"))
  var limit: Int?

  func validate() throws {
    if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    if mine, user != nil { throw ValidationError("--mine and --user both name a user: give one") }
  }

  func run() throws {
    let client = global.client()
    var listing = JobListing(
      states: state ?? [], enterprise: enterprise, user: user, limit: limit, withPriority: sort == .priority)
    if mine { listing.user = try client.call("GET", "/v1/info", as: DaemonInfo.self).caller.user }
    let jobs = sort.sorted(try listing.fetch(with: client))
    if global.json { return Output.json(jobs, key: "jobs") }
    Output.line(Self.table(jobs, now: Formatting.now(), width: Output.terminalWidth))
  }

  /// The squeue-like table (or `No jobs.`): a pure function of the jobs and the time.
  static func table(_ jobs: [JobInfo], now: Int64, width: Int?) -> String {
    guard !jobs.isEmpty else { return "No jobs." }
    var table = Table(
      headers: ["JOBID", "ENTERPRISE", "USER", "NAME", "CLASS", "STATE", "CARDS", "NODES", "TIME", "REASON"],
      flexibleColumn: 9)
    table.rows.reserveCapacity(jobs.count)
    for job in jobs {
      table.add([
        job.displayID, job.enterprise, job.user, job.name, job.jobClass, job.state.rawValue, JobCells.cards(job),
        JobCells.nodes(job), Formatting.elapsed(JobCells.elapsedSeconds(job, now: now)),
        job.state == .pending ? job.reason?.message ?? "" : "",
      ])
    }
    return table.render(width: width)
  }
}

/// How `queue --sort` orders jobs; ties go by id.
enum QueueOrder: String, ExpressibleByArgument, CaseIterable {
  case id, priority, submit, state

  func sorted(_ jobs: [JobInfo]) -> [JobInfo] {
    switch self {
    case .id: jobs.sorted { $0.id < $1.id }
    case .priority:
      jobs.sorted {
        let (left, right) = ($0.priority?.total ?? -.infinity, $1.priority?.total ?? -.infinity)
        return left != right ? left > right : $0.id < $1.id
      }
    case .submit: jobs.sorted { ($0.submitTime, $0.id) < ($1.submitTime, $1.id) }
    case .state: jobs.sorted { (Self.rank($0.state), $0.id) < (Self.rank($1.state), $1.id) }
    }
  }

  /// Running work first, then what waits, then what has ended.
  static func rank(_ state: JobStateName) -> Int {
    stateOrder.firstIndex(of: state) ?? stateOrder.count
  }

  static let stateOrder: [JobStateName] = [
    .running, .starting, .pending, .held, .preempted, .succeeded, .failed, .cancelled, .timeout, .nodeFailed,
  ]
}
