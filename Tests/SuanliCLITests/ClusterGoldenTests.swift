import Foundation
import SuanliAPI
import Testing

@testable import SuanliCLI

/// Help text, tables, CSV and JSON of the cluster commands, from fixed wire values, against the files in Golden/.
@Suite struct ClusterGoldenTests {
  let fixtures = ClusterFixtures.self

  @Test func nodesHelp() throws {
    try ClusterGolden.check(SuanliCommand.helpMessage(for: NodesCommand.self, columns: 100), "nodes-help.txt")
  }

  @Test func usageHelp() throws {
    try ClusterGolden.check(SuanliCommand.helpMessage(for: UsageCommand.self, columns: 100), "usage-help.txt")
  }

  @Test func nodesTable() throws {
    try ClusterGolden.check(NodesTable.render(fixtures.nodes, now: fixtures.now, width: nil), "nodes.txt")
    try ClusterGolden.check(ClusterGolden.json(fixtures.nodes, key: "nodes"), "nodes.json")
  }

  @Test func nodesTableCutsTheLabelsToTheTerminal() throws {
    let narrow = NodesTable.render(fixtures.nodes, now: fixtures.now, width: 100)
    #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 100 })
    try ClusterGolden.check(narrow, "nodes-100.txt")
  }

  @Test func stateWordsAreColouredOnlyWhenAsked() {
    let coloured = NodesTable.render(fixtures.nodes, now: fixtures.now, width: nil, color: true)
    let lines = coloured.split(separator: "\n")
    #expect(lines[1].hasPrefix("gpu-a01  ready"))
    #expect(lines[2].contains("\u{1B}[33mdrained\u{1B}[0m (disk swap)"))
    #expect(lines[3].contains("\u{1B}[31mdown\u{1B}[0m (no heartbeat"))
    #expect(!NodesTable.render(fixtures.nodes, now: fixtures.now, width: nil).contains("\u{1B}"))
  }

  @Test func nodeShow() throws {
    try ClusterGolden.check(
      NodeShow.describe(fixtures.nodes[0], now: fixtures.now, zone: fixtures.utc), "node-show.txt")
    try ClusterGolden.check(
      NodeShow.describe(fixtures.nodes[3], now: fixtures.now, zone: fixtures.utc), "node-show-cpu.txt")
    try ClusterGolden.check(ClusterGolden.json(fixtures.nodes[0]), "node-show.json")
  }

  @Test func quotaTable() throws {
    try ClusterGolden.check(QuotaTable.render(fixtures.enterprises, width: nil), "quota.txt")
    try ClusterGolden.check(ClusterGolden.json(fixtures.enterprises, key: "enterprises"), "quota.json")
  }

  @Test func usageTableAndCSV() throws {
    let byModel = fixtures.usageByModel
    try ClusterGolden.check(UsageReportText.table(byModel, zone: fixtures.utc, width: nil), "usage-by-model.txt")
    try ClusterGolden.check(UsageReportText.csv(byModel), "usage-by-model.csv")
    try ClusterGolden.check(ClusterGolden.json(byModel), "usage-by-model.json")
    let byEnterprise = fixtures.usageByEnterprise
    try ClusterGolden.check(UsageReportText.table(byEnterprise, zone: fixtures.utc, width: nil), "usage.txt")
    try ClusterGolden.check(UsageReportText.csv(byEnterprise), "usage.csv")
  }

  @Test func csvFieldsAreQuotedWhenTheyMustBe() {
    #expect(UsageReportText.field("plain") == "plain")
    #expect(UsageReportText.field("a,b") == "\"a,b\"")
    #expect(UsageReportText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
  }

  @Test func budget() throws {
    try ClusterGolden.check(BudgetText.render(fixtures.ledgers, zone: fixtures.utc, width: nil), "budget.txt")
    try ClusterGolden.check(ClusterGolden.json(fixtures.ledgers, key: "ledgers"), "budget.json")
  }
}
