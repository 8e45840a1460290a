internal import ArgumentParser
internal import SuanliAPI

/// `suanli show JOB`: everything about one job (like `scontrol show job`).
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show everything about a job, like scontrol show job.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The job: its id (42), or an array element (42_7).")
  var job: JobReference

  func run() throws {
    let client = global.client()
    let info = try client.call("GET", "/v1/jobs/\(try job.resolve(with: client))", as: JobInfo.self)
    if global.json { return Output.json(info) }
    Output.line(JobDescription.text(info, now: Formatting.now()))
  }
}
