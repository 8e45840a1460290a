internal import Foundation
internal import SuanliAPI

/// `suanli usage` as text: a table with a totals line for people, or CSV for the enterprises' and the subsidy
/// office's spreadsheets. Pure functions of the report.
enum UsageReportText {
  static func headers(_ by: UsageGrouping) -> [String] {
    ["ENTERPRISE"] + (by.column.map { [$0.uppercased()] } ?? []) + [
      "JOBS", "CARD-HOURS", "CORE-HOURS", "CREDITS", "MEAN WAIT",
    ]
  }

  static func grouping(of report: UsageReport) -> UsageGrouping { UsageGrouping(rawValue: report.by) ?? .enterprise }

  /// The period line, the table and a TOTAL line (jobs are not summed by day: a job may span days).
  static func table(_ report: UsageReport, zone: TimeZone, width: Int?) -> String {
    let by = grouping(of: report)
    let title =
      "Usage from \(moment(report.since, zone: zone, or: "the start")) to "
      + "\(moment(report.until, zone: zone, or: "now")), by \(by.rawValue)"
    guard !report.rows.isEmpty else { return title + "\nNo usage recorded in this period." }
    var table = Table(headers: headers(by))
    for row in report.rows {
      table.add(
        [row.enterprise] + (by.column == nil ? [] : [row.key])
          + [
            "\(row.jobs)", hours(row.cardHours, digits: 2), hours(row.coreHours, digits: 2), row.credits,
            meanWait(row.waitSeconds, runs: row.runs),
          ])
    }
    let jobs = by == .day ? "" : "\(report.rows.map(\.jobs).reduce(0, +))"
    table.add(
      ["TOTAL"] + (by.column == nil ? [] : [""])
        + [
          jobs, hours(report.rows.map(\.cardHours).reduce(0, +), digits: 2),
          hours(report.rows.map(\.coreHours).reduce(0, +), digits: 2),
          ClusterCredits.sum(report.rows.map(\.credits)).description,
          meanWait(report.rows.map(\.waitSeconds).reduce(0, +), runs: report.rows.map(\.runs).reduce(0, +)),
        ])
    return title + "\n" + table.render(width: width)
  }

  /// The mean time runs waited in the queue (`2m30s`), `-` without runs.
  static func meanWait(_ seconds: Int64, runs: Int) -> String {
    runs > 0 ? Formatting.duration((seconds + Int64(runs) / 2) / Int64(runs)) : "-"
  }

  /// RFC 4180 CSV with a header line: `enterprise,model,jobs,card_hours,core_hours,credits,runs,wait_seconds`.
  static func csv(_ report: UsageReport) -> String {
    let by = grouping(of: report)
    let header =
      ["enterprise"] + (by.column.map { [$0] } ?? []) + [
        "jobs", "card_hours", "core_hours", "credits", "runs", "wait_seconds",
      ]
    let rows = report.rows.map { row in
      [row.enterprise] + (by.column == nil ? [] : [row.key])
        + [
          "\(row.jobs)", hours(row.cardHours, digits: 3), hours(row.coreHours, digits: 3), row.credits, "\(row.runs)",
          "\(row.waitSeconds)",
        ]
    }
    return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
  }

  static func hours(_ value: Double, digits: Int) -> String { String(format: "%.\(digits)f", value) }

  /// A CSV field, quoted when it holds a comma, a quote or a line break.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `2026-11-01 00:00 UTC`, or the words for an open end.
  static func moment(_ seconds: Int64?, zone: TimeZone, or open: String) -> String {
    guard let seconds else { return open }
    let text = Formatting.time(seconds, in: zone).replacingOccurrences(of: "T", with: " ")
    return (text.hasSuffix(":00") ? String(text.dropLast(3)) : text) + " "
      + (zone.secondsFromGMT() == 0 ? "UTC" : zone.abbreviation() ?? zone.identifier)
  }
}
