import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// The real `suanli` binary against a real `suanlid`: nodes and draining, quotas, grants and budgets, usage
/// reports, as root (an operator and member of acme) and as nobody (member of beta and gamma).
@Suite(.serialized) struct ClusterEndToEndTests {
  func started() throws -> DaemonProcess {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    return daemon
  }

  func suanli(_ daemon: DaemonProcess, _ arguments: String..., asNobody: Bool = false) throws -> ClusterCLI.Result {
    try ClusterCLI.run(arguments, socket: daemon.socketPath, asNobody: asNobody)
  }

  func line(_ output: String, startingWith prefix: String) -> String? {
    output.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) }
  }

  @Test func nodesAreListedAndOnlyOperatorsDrainThem() throws {
    let daemon = try started()
    let client = daemon.client()
    _ = try client.register("n1")
    _ = try client.register("n2", cards: 4, model: "nvidia-a100")

    let listed = try suanli(daemon, "nodes")
    #expect(listed.status == 0)
    #expect(listed.stdout.hasPrefix("NODE  STATE  MODEL  "))
    let n1 = try #require(line(listed.stdout, startingWith: "n1 "))
    #expect(n1.contains("ready") && n1.contains("nvidia-h200") && n1.contains("0/8") && n1.contains("0/64"))
    #expect(n1.contains("0/512G") && n1.contains("site=test") && n1.contains("s ago"))
    #expect(line(listed.stdout, startingWith: "n2 ")?.contains("0/4") == true)
    let json = try APIJSON.decode(NodeList.self, from: Data(try suanli(daemon, "nodes", "--json").stdout.utf8))
    #expect(json.nodes.map(\.name) == ["n1", "n2"])
    #expect(try suanli(daemon, "nodes", "--model", "nvidia-a100").stdout.contains("n1 ") == false)

    let drained = try suanli(daemon, "node", "drain", "n1", "--reason", "maintenance")
    #expect(drained.status == 0, "\(drained.stderr)")
    #expect(drained.stdout.hasPrefix("n1: drain"))
    let afterDrain = try suanli(daemon, "nodes").stdout
    #expect(!afterDrain.contains("\u{1B}"), "no colour when not a terminal")
    let after = try #require(line(afterDrain, startingWith: "n1 "))
    #expect(after.contains("draining (maintenance)") || after.contains("drained (maintenance)"))
    let onlyDrained = try suanli(daemon, "nodes", "--state", "draining,drained").stdout
    #expect(onlyDrained.contains("n1 ") && !onlyDrained.contains("n2 "))

    let refused = try suanli(daemon, "node", "drain", "n2", "--reason", "mine now", asNobody: true)
    #expect(refused.status == 4)
    #expect(refused.stderr.contains("only operators") && refused.stderr.contains("admin group"))
    #expect(try client.call("GET", "/v1/nodes/n2", as: NodeInfo.self).state == "ready")

    let shown = try suanli(daemon, "node", "show", "n1")
    #expect(shown.status == 0 && shown.stdout.contains("State:") && shown.stdout.contains("(maintenance)"))
    #expect(shown.stdout.contains("Cards:          0/8 used") && shown.stdout.contains("Running jobs:   none"))
    let unknown = try suanli(daemon, "node", "show", "n9")
    #expect(unknown.status == 3)
    #expect(unknown.stderr.contains("no node n9") && unknown.stderr.contains("suanli nodes lists them"))

    let resumed = try suanli(daemon, "node", "resume", "n1")
    #expect(resumed.status == 0 && resumed.stdout == "n1: ready\n")
    #expect(try suanli(daemon, "nodes", "--state", "bogus").status == 2)

    // What the completion scripts ask when tab is pressed after `suanli node show n`.
    let completed = try suanli(
      daemon, "---completion", "node", "show", "--", "positional@0", "3", "0", "suanli", "node", "show", "n")
    #expect(completed.stdout.split(separator: "\n") == ["n1", "n2"])
  }

  @Test func quotaGrantAndBudget() throws {
    let daemon = try started()
    let quota = try suanli(daemon, "quota")
    #expect(quota.status == 0)
    let h200 = try #require(line(quota.stdout, startingWith: "acme "), "\(quota.stdout)")
    #expect(h200.contains("cpu") && h200.contains("64") && h200.contains("512"))
    #expect(quota.stdout.contains("nvidia-h200") && quota.stdout.contains("256G") && quota.stdout.contains("FACTOR"))
    let theirs = try suanli(daemon, "quota", asNobody: true)
    #expect(theirs.status == 0 && theirs.stdout.contains("beta ") && theirs.stdout.contains("gamma "))
    #expect(!theirs.stdout.contains("acme"))
    #expect(try suanli(daemon, "quota", "--enterprise", "acme", asNobody: true).status == 3)

    let granted = try suanli(daemon, "admin", "grant", "acme", "500", "--note", "voucher")
    #expect(granted.status == 0, "\(granted.stderr)")
    #expect(granted.stdout.contains("balance 1500"))
    let budget = try suanli(daemon, "budget", "--enterprise", "acme")
    #expect(budget.status == 0)
    #expect(budget.stdout.hasPrefix("acme: balance 1500, held 0, available 1500 credits"))
    let grantLine = try #require(line(budget.stdout, startingWith: "20"), "\(budget.stdout)")
    #expect(grantLine.contains("grant") && grantLine.contains("500") && grantLine.hasSuffix("voucher"))

    let refused = try suanli(daemon, "admin", "grant", "beta", "5", "--note", "please", asNobody: true)
    #expect(refused.status == 4 && refused.stderr.contains("only operators"))
    let theirBudgets = try suanli(daemon, "budget", asNobody: true)
    #expect(theirBudgets.stdout.contains("beta: balance 500") && theirBudgets.stdout.contains("gamma: balance 500"))
    let everyone = try suanli(daemon, "budget", "--json")
    let ledgers = try JSONSerialization.jsonObject(with: Data(everyone.stdout.utf8)) as? [String: Any]
    #expect((ledgers?["ledgers"] as? [Any])?.count == 3 && ledgers?["schema"] as? Int == 1)

    #expect(try suanli(daemon, "admin", "reload").status == 0)
    #expect(try suanli(daemon, "admin", "reload", asNobody: true).status == 4)
  }

  @Test func usageAfterAJobRan() throws {
    let daemon = try started()
    let client = daemon.client()
    _ = try client.register("n1")
    let job = try #require(try client.submit(.gpu(2)).jobIds.first)
    #expect(try client.waitFor(job, .starting).state == .starting)
    _ = try client.report(job, node: "n1", "running")
    sleep(1)  // a second of running, so that the report has something to count
    _ = try client.report(job, node: "n1", "succeeded", exitCode: 0)

    let csv = try suanli(daemon, "usage", "--csv")
    #expect(csv.status == 0, "\(csv.stderr)")
    let lines = csv.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "enterprise,jobs,card_hours,core_hours,credits,runs,wait_seconds")
    #expect(lines.count == 2 && lines.last?.hasPrefix("acme,1,") == true)
    let byModel = try suanli(daemon, "usage", "--csv", "--by", "model", "--since", "7d")
    #expect(byModel.stdout.split(separator: "\n").last?.hasPrefix("acme,nvidia-h200,1,") == true)
    let table = try suanli(daemon, "usage", "--by", "user")
    #expect(table.stdout.contains("ENTERPRISE  USER") && line(table.stdout, startingWith: "acme        root") != nil)
    #expect(line(table.stdout, startingWith: "TOTAL") != nil)
    let report = try APIJSON.decode(UsageReport.self, from: Data(try suanli(daemon, "usage", "--json").stdout.utf8))
    #expect(report.rows.map(\.jobs) == [1] && report.rows.first?.cardHours ?? 0 > 0)
    let future = try suanli(daemon, "usage", "--since", "2099-01-01")
    #expect(future.status == 0 && future.stdout.contains("No usage recorded"))
    let refused = try suanli(daemon, "usage", "--enterprise", "acme", asNobody: true)
    #expect(refused.status == 4 && refused.stderr.contains("operators see all"))
  }

  @Test func completionScriptsNameTheClusterCommands() throws {
    let result = try ClusterCLI.run(["--generate-completion-script", "bash"], socket: "/nonexistent")
    #expect(result.status == 0)
    for word in ["nodes", "drain", "quota", "usage", "budget", "grant", "reload"] {
      #expect(result.stdout.contains(word), "\(word)")
    }
  }

  @Test func anUnreachableDaemonIsSaidSo() throws {
    let result = try ClusterCLI.run(["nodes"], socket: "/nonexistent/suanli.sock")
    #expect(result.status == 6 && result.stderr.contains("cannot connect to suanlid"))
  }
}
