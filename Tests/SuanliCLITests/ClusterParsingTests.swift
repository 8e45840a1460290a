import ArgumentParser
import Foundation
import SuanliAPI
import Testing

@testable import SuanliCLI

/// Options become requests: filters, API targets and bodies, times relative to a fixed now; bad input is a
/// usage error before anything is sent.
@Suite struct ClusterParsingTests {
  let now = ClusterFixtures.now

  func parse<T: ParsableCommand>(_ arguments: [String], as type: T.Type) throws -> T {
    try #require(try SuanliCommand.parseAsRoot(arguments) as? T)
  }

  func isUsageError(_ arguments: [String]) -> Bool {
    do {
      _ = try SuanliCommand.parseAsRoot(arguments)
      return false
    } catch {
      return SuanliCommand.exitCode(for: error) != .success
    }
  }

  @Test func nodesFiltersTakeCommaListsAndRepeats() throws {
    let command = try parse(
      ["nodes", "--state", "drained, down", "--state", "draining", "--model", "nvidia-h200"], as: NodesCommand.self)
    #expect(command.filter == NodeFilter(states: ["drained", "down", "draining"], models: ["nvidia-h200"]))
    let shown = command.filter.apply(ClusterFixtures.nodes).map(\.name)
    #expect(shown.isEmpty)
    let all = try parse(["nodes", "--state", "drained,down,draining"], as: NodesCommand.self)
    #expect(all.filter.apply(ClusterFixtures.nodes).map(\.name) == ["gpu-b07", "npu-c02", "cpu-d11"])
    let cpuOnly = try parse(["nodes", "--model", "-"], as: NodesCommand.self)
    #expect(cpuOnly.filter.apply(ClusterFixtures.nodes).map(\.name) == ["cpu-d11"])
    #expect(try parse(["nodes"], as: NodesCommand.self).filter.isEmpty)
  }

  @Test func anUnknownNodeStateIsAUsageError() {
    #expect(isUsageError(["nodes", "--state", "idle"]))
  }

  @Test func nodeCommandsTakeTheNodeAndTheReason() throws {
    let drain = try parse(["node", "drain", "n1", "--reason", "maintenance"], as: NodeDrain.self)
    #expect(drain.node == "n1" && drain.reason == "maintenance")
    #expect(try parse(["node", "show", "gpu a/1"], as: NodeShow.self).node == "gpu a/1")
    #expect(ClusterPath.segment("gpu a/1") == "gpu%20a%2F1")
    #expect(try parse(["node", "resume", "n1"], as: NodeResume.self).node == "n1")
    #expect(isUsageError(["node", "drain", "n1"]))
    #expect(isUsageError(["node", "drain", "n1", "--reason", ""]))
    #expect(isUsageError(["node", "show"]))
  }

  @Test func usageTimesAreRelativeToNowOrDatesInUTC() throws {
    let relative = try parse(
      ["usage", "--since", "7d", "--until", "12h", "--by", "model", "--enterprise", "acme"], as: UsageCommand.self)
    let query = try relative.query(now: now)
    #expect(query == UsageQuery(since: now - 7 * 86_400, until: now - 12 * 3_600, enterprise: "acme", by: .model))
    #expect(query.target == "/v1/usage?by=model&since=\(now - 604_800)&until=\(now - 43_200)&enterprise=acme")

    let dates = try parse(["usage", "--since", "2026-11-01", "--until", "2026-11-29T15:00"], as: UsageCommand.self)
    #expect(try dates.query(now: now) == UsageQuery(since: 1_793_491_200, until: now, enterprise: nil, by: .enterprise))
    #expect(try parse(["usage"], as: UsageCommand.self).query(now: now).target == "/v1/usage?by=enterprise")
  }

  @Test(arguments: [
    ("2026-11-01", Int64(1_793_491_200)),
    ("2026-11-01T00:00:00Z", 1_793_491_200),
    ("2026-11-01 08:00+08:00", 1_793_491_200),
    ("2026-11-01T02:30:00+0230", 1_793_491_200),
    ("2026-10-31T19:00-05:00", 1_793_491_200),
    ("1793491200", 1_793_491_200),
    ("now", ClusterFixtures.now),
    ("1d12h", ClusterFixtures.now - 129_600),
    ("90m", ClusterFixtures.now - 5_400),
  ])
  func reportTimesParse(text: String, expected: Int64) throws {
    #expect(try ReportTime.parse(text, now: now, zone: ClusterFixtures.utc) == expected)
  }

  @Test(arguments: ["yesterday", "2026-13-01", "2026-02-30", "2026-11-01T25:00", "2026/11/01", "7x", "", "-7d"])
  func badReportTimesAreRefused(text: String) {
    #expect(throws: ValidationError.self) { try ReportTime.parse(text, now: now, zone: ClusterFixtures.utc) }
  }

  @Test func badUsageOptionsAreUsageErrors() {
    #expect(isUsageError(["usage", "--by", "week"]))
    #expect(isUsageError(["usage", "--since", "last tuesday"]))
    #expect(isUsageError(["usage", "--since", "2026-11-02", "--until", "2026-11-01"]))
    #expect(isUsageError(["usage", "--csv", "--json"]))
  }

  @Test func quotaAndBudgetAskForTheEnterpriseGiven() throws {
    #expect(try parse(["quota"], as: QuotaCommand.self).target == "/v1/enterprises")
    #expect(try parse(["quota", "--enterprise", "acme"], as: QuotaCommand.self).target == "/v1/enterprises/acme")
    let budget = try parse(["budget", "--enterprise", "acme", "--limit", "5"], as: BudgetCommand.self)
    #expect(budget.enterprise == "acme" && budget.target(of: "acme") == "/v1/enterprises/acme/ledger?limit=5")
    #expect(try parse(["budget"], as: BudgetCommand.self).target(of: "beta") == "/v1/enterprises/beta/ledger?limit=20")
    #expect(isUsageError(["budget", "--limit", "0"]))
  }

  @Test func grantSendsTheCreditsAndNote() throws {
    let grant = try parse(["admin", "grant", "acme", "12.5", "--note", "voucher"], as: AdminGrant.self)
    #expect(grant.request == GrantRequest(credits: "12.5", note: "voucher"))
    #expect(grant.target == "/v1/enterprises/acme/grant")
    _ = try parse(["admin", "reload"], as: AdminReload.self)
    for credits in ["0", "abc", "1.2345", "1e3", "0.000"] {
      #expect(isUsageError(["admin", "grant", "acme", credits, "--note", "voucher"]), "credits \(credits)")
    }
    #expect(isUsageError(["admin", "grant", "acme", "500"]))
  }

  @Test func creditsAreSummedExactly() {
    #expect(ClusterCredits.sum(["0.1", "0.2", "962.5", "-0.125"]).description == "962.675")
    #expect(ClusterCredits.sum(["1000", "500"]).description == "1500")
    #expect(ClusterCredits("-3.05")?.millis == -3_050)
    #expect(ClusterCredits("1.") == nil && ClusterCredits(".5") == nil && ClusterCredits("") == nil)
  }

  @Test func theBashCompletionScriptKnowsTheClusterCommands() {
    let script = SuanliCommand.completionScript(for: .bash)
    for word in ["nodes", "node", "drain", "resume", "quota", "usage", "budget", "admin", "grant", "reload", "--csv"] {
      #expect(script.contains(word), "\(word)")
    }
  }
}
