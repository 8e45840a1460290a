internal import Foundation
internal import SuanliConfig
internal import SuanliSimulator

/// The terminal summary of `suanli simulate`: a pure function of the report, so it has golden tests.
enum SimulateText {
  static func render(_ report: SimulationReport, width: Int? = nil) -> String {
    let cards = report.cards.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    let skipped = report.skippedRows.values.reduce(0, +)
    var lines = [
      "\(report.jobs) jobs (\(skipped) trace rows skipped), \(report.enterprises) enterprises, "
        + "\(report.nodes) node\(report.nodes == 1 ? "" : "s") with \(cards.isEmpty ? "no cards" : cards)",
      "",
      summary(report.policies).render(width: width),
    ]
    let policies = report.policies
    guard let first = policies.first else { return lines.joined(separator: "\n") }
    lines += ["", "Average queueing delay by enterprise"]
    var waits = Table(headers: ["ENTERPRISE", "JOBS", "GUARANTEE"] + policies.map { $0.policy.title.uppercased() })
    for (index, row) in first.byEnterprise.enumerated() {
      waits.add(
        [row.enterprise, "\(row.jobs)", "\(row.guaranteedCards)"]
          + policies.map { duration($0.byEnterprise[index].times.wait.mean) })
    }
    lines.append(waits.render(width: width))
    lines += [
      "",
      "Share of guarantee / highest use of limit, by enterprise (share: cards used over min(guarantee, demand)",
      "while in demand, above 1 when borrowing; use of limit above 1: the policy ignores the limit)",
    ]
    var shares = Table(headers: ["ENTERPRISE"] + policies.map { $0.policy.title.uppercased() })
    for (index, row) in first.byEnterprise.enumerated() {
      shares.add(
        [row.enterprise]
          + policies.map { report in
            let enterprise = report.byEnterprise[index]
            let share = enterprise.share.map { String(format: "%.2f", $0) } ?? "-"
            return share + " / " + String(format: "%.2f", enterprise.maxLimitUse)
          })
    }
    lines.append(shares.render(width: width))
    lines += ["", "Average queueing delay by class"]
    var classes = Table(headers: ["CLASS", "JOBS"] + policies.map { $0.policy.title.uppercased() })
    for (index, row) in first.byClass.enumerated() {
      classes.add([row.jobClass, "\(row.jobs)"] + policies.map { duration($0.byClass[index].times.wait.mean) })
    }
    lines.append(classes.render(width: width))
    return lines.joined(separator: "\n")
  }

  /// One row per figure, one column per policy.
  static func summary(_ policies: [PolicyReport]) -> Table {
    var table = Table(headers: ["METRIC"] + policies.map { $0.policy.title.uppercased() })
    func row(_ name: String, _ cell: (PolicyReport) -> String) { table.add([name] + policies.map(cell)) }
    row("jobs completed") { "\($0.jobs.completed)" }
    row("jobs timed out") { "\($0.jobs.timeout)" }
    row("jobs rejected / unfinished") { "\($0.jobs.rejected) / \($0.jobs.unfinished)" }
    row("completion time avg") { duration($0.times.completion.mean) }
    row("completion time median") { duration($0.times.completion.median) }
    row("completion time p99") { duration($0.times.completion.p99) }
    row("queueing delay avg") { duration($0.times.wait.mean) }
    row("queueing delay median") { duration($0.times.wait.median) }
    row("queueing delay p99") { duration($0.times.wait.p99) }
    row("makespan") { duration(Double($0.makespan)) }
    row("card utilisation") { String(format: "%.1f%%", $0.utilisation * 100) }
    row("fairness (Jain)") { String(format: "%.3f", $0.fairness) }
    row("max use / limit") { String(format: "%.2f", $0.maxLimitUse) }
    row("preemptions") { "\($0.preemptions)" }
    row("card-hours lost") { String(format: "%.1f", $0.cardHoursLost) }
    row("credits charged") { $0.creditsCharged }
    return table
  }

  /// Seconds as they read best: `42s`, `17.5m`, `3.2h`, `4.1d`.
  static func duration(_ seconds: Double) -> String {
    let (value, unit) = Units.glance(seconds: seconds)
    return String(format: unit == "s" ? "%.0f" : "%.1f", value) + unit
  }
}
