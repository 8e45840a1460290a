internal import ArgumentParser
internal import Foundation
internal import SuanliAPI

/// `suanli usage`: card-hours, core-hours and credits charged, per enterprise and model, user or day (sreport).
struct UsageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "usage",
    abstract: "Report card-hours, core-hours and credits charged, per enterprise and model, user or day.",
    discussion: """
      Counts the runs that ended in the period. Times: a date (2026-11-01, midnight UTC), a date-time \
      (2026-11-01T08:00, UTC unless it ends in Z or +08:00), Unix seconds, or a duration back from now \
      (7d, 12h). Days are UTC days. --csv prints the report for a spreadsheet: what a platform operator \
      sends to enterprises and to the subsidy office.
      """)

  /// Dates and date-times without a zone are UTC, like the days the daemon groups by.
  static let zone = TimeZone(identifier: "UTC")!

  @OptionGroup var global: GlobalOptions

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Start of the period: 2026-11-01, 2026-11-01T08:00, or 7d for 7 days ago (default: the start).",
      valueName: "time"))
  var since: String?

  @Option(name: .long, help: ArgumentHelp("End of the period, written the same way (default: now).", valueName: "time"))
  var until: String?

  @Option(
    name: .long, help: ArgumentHelp("Only this enterprise (default: all you may see).", valueName: "id"),
    completion: ClusterCompletion.enterprises)
  var enterprise: String?

  @Option(
    name: .long, help: ArgumentHelp("Rows per enterprise, or per enterprise and model, user or day.", valueName: "key"))
  var by: UsageGrouping = .enterprise

  @Flag(name: .long, help: "Print CSV with a header line instead of a table.")
  var csv = false

  /// The request the options describe, with relative times counted back from `now`.
  func query(now: Int64) throws(ValidationError) -> UsageQuery {
    let start = try moment(since, now: now)
    let end = try moment(until, now: now)
    if let start, let end, start >= end {
      throw ValidationError("--since must come before --until")
    }
    return UsageQuery(since: start, until: end, enterprise: enterprise, by: by)
  }

  private func moment(_ text: String?, now: Int64) throws(ValidationError) -> Int64? {
    guard let text else { return nil }
    return try ReportTime.parse(text, now: now, zone: Self.zone)
  }

  func validate() throws {
    if csv && global.json { throw ValidationError("choose one of --csv and --json") }
    _ = try query(now: Formatting.now())
  }

  func run() throws {
    let report: UsageReport
    do {
      report = try global.client().call("GET", query(now: Formatting.now()).target, as: UsageReport.self)
    } catch let error as CLIError where error.exitCode == CLIExit.permission && error.hint == nil {
      throw CLIError(
        error.message,
        hint: "you see the usage of your own enterprises (suanli quota lists them); operators see all",
        exitCode: error.exitCode)
    }
    if global.json { return Output.json(report) }
    if csv { return Output.line(UsageReportText.csv(report)) }
    Output.line(UsageReportText.table(report, zone: Self.zone, width: Output.terminalWidth))
  }
}
