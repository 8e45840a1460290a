internal import ArgumentParser
internal import SuanliAPI

/// `suanli priority [JOB...]`: each pending job's priority, factor by factor, like sprio.
struct Priority: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show pending jobs' priority factor by factor, like sprio.",
    discussion: "PRIORITY is the sum of the weighted factors CLASS, AGE, FAIRSHARE and BOOST.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("Jobs (42 or 42_7); default: every pending job you may see.", valueName: "job"))
  var jobs: [JobReference] = []

  func run() throws {
    let client = global.client()
    let listed: [JobInfo]
    if jobs.isEmpty {
      listed = try JobListing(states: ["pending"], withPriority: true).fetch(with: client)
    } else {
      listed = try jobs.map { reference throws(CLIError) in
        try client.call("GET", "/v1/jobs/\(try reference.resolve(with: client))", as: JobInfo.self)
      }
    }
    let sorted = QueueOrder.priority.sorted(listed)
    if global.json { return Output.json(sorted, key: "jobs") }
    Output.line(Self.table(sorted))
  }

  /// The sprio-like table (or `No pending jobs.`); jobs without a priority (not pending) show `-`.
  static func table(_ jobs: [JobInfo]) -> String {
    guard !jobs.isEmpty else { return "No pending jobs." }
    var table = Table(headers: ["JOBID", "ENTERPRISE", "USER", "PRIORITY", "CLASS", "AGE", "FAIRSHARE", "BOOST"])
    for job in jobs {
      let factors = job.priority.map { [$0.total, $0.jobClass, $0.age, $0.fairShare, $0.boost].map(JobNumbers.score) }
      table.add([job.displayID, job.enterprise, job.user] + (factors ?? Array(repeating: "-", count: 5)))
    }
    return table.render(width: nil)
  }
}
