import ArgumentParser
import Foundation
import SuanliAPI
import SuanliConfig
import SuanliSimulator
import SuanliTestSupport
import Testing

@testable import SuanliCLI

/// A tiny trace and cluster, written to a temporary directory for the real binary.
enum SimulateFixture {
  static let trace = """
    job_id,tenant,user,submit_time_s,start_time_s,end_time_s,duration_s,queue_s,num_gpus,gpu_milli,num_cpus,\
    mem_gib,num_instances,priority_class,status,gpu_type,censored,notes
    j1,a,,0,,,100,,4,,,,,,,,,
    j2,a,,1,,,100,,8,,,,,,,,,
    j3,b,,2,,,50,,2,,,,,,,,,"short, fits before j2"
    j4,b,,3,,,200,,2,,,,,,,,,
    j5,,,4,,,30,,0,,2,4,,,,,,cpu only

    """

  static let cluster = """
    [[node_group]]
    name = "n"
    count = 1
    model = "nvidia-v100"
    cards = 8
    cpu = 64
    memory = "512G"

    [jobs]
    walltime_factor = 1
    walltime_min = 1
    walltime_round = 1

    [prices.cards]
    "nvidia-v100" = 3.6

    [[enterprise]]
    id = "a"
    guaranteed = { cards = { "nvidia-v100" = 4 } }
    limit = { cards = { "nvidia-v100" = 8 } }

    [[enterprise]]
    id = "b"
    guaranteed = { cards = { "nvidia-v100" = 4 } }
    limit = { cards = { "nvidia-v100" = 8 } }
    """

  /// A fresh directory holding `trace.csv` and `cluster.toml`.
  static func directory() throws -> URL {
    let directory = URL(fileURLWithPath: try makeTestDirectory("sim"))
    try trace.write(to: directory.appendingPathComponent("trace.csv"), atomically: true, encoding: .utf8)
    try cluster.write(to: directory.appendingPathComponent("cluster.toml"), atomically: true, encoding: .utf8)
    return directory
  }

  /// The report of the fixture, computed in-process.
  static func report() throws -> SimulationReport {
    let config = try SimulationConfig.parse(cluster, source: "cluster.toml")
    let model = ClusterModel(config)
    let workload = Workload(trace: try Trace.parse(trace, source: "trace.csv"), config: config, cluster: model)
    let runs = try Simulation.run(workload, on: model, config: config, policies: Policy.allCases)
    return Simulation.report(runs, workload: workload, cluster: model)
  }
}

@Suite struct SimulateParsingTests {
  @Test func readsEveryOption() throws {
    let parsed = try SuanliCommand.parseAsRoot([
      "simulate", "t.csv", "--cluster", "c.toml", "--tenants", "m.txt", "--policy", "fifo,suanli",
      "--walltime-factor", "1.5", "--walltime-cap", "2d", "--jobs", "10", "--svg", "out", "--json", "--no-progress",
    ])
    let simulate = try #require(parsed as? Simulate)
    #expect(simulate.trace == "t.csv" && simulate.cluster == "c.toml" && simulate.tenants == "m.txt")
    #expect(simulate.policies == [.fifo, .suanli])
    #expect(simulate.walltimeFactor == 1.5 && simulate.walltimeCap == 172_800 && simulate.jobs == 10)
    #expect(simulate.svg == "out" && simulate.json && simulate.progress == false)
  }

  @Test func defaultsToEveryPolicyAndNeedsNoSocket() throws {
    let simulate = try #require(try SuanliCommand.parseAsRoot(["simulate", "t.csv", "--cluster", "c"]) as? Simulate)
    #expect(simulate.policies == Policy.allCases)
    #expect(simulate.progress == nil)
  }

  @Test(arguments: [
    ["simulate", "t.csv"],
    ["simulate", "t.csv", "--cluster", "c", "--policy", "sjf"],
    ["simulate", "t.csv", "--cluster", "c", "--walltime-factor", "0"],
    ["simulate", "t.csv", "--cluster", "c", "--jobs", "0"],
  ])
  func badCommandLinesAreUsageErrors(arguments: [String]) {
    #expect(throws: (any Error).self) { try SuanliCommand.parseAsRoot(arguments) }
  }

  @Test func helpText() throws {
    try #expect(
      SuanliCommand.helpMessage(for: Simulate.self, columns: 100)
        == JobsFixtures.golden("simulate-help.txt", SuanliCommand.helpMessage(for: Simulate.self, columns: 100)))
  }

  @Test func summaryTable() throws {
    let text = SimulateText.render(try SimulateFixture.report(), width: nil)
    #expect(text == (try JobsFixtures.golden("simulate-summary.txt", text)))
  }

  @Test func durationsReadAtAGlance() {
    #expect(
      [42, 150, 7_200, 200_000].map { SimulateText.duration($0) } == ["42s", "2.5m", "2.0h", "2.3d"])
  }
}

@Suite struct SimulateEndToEndTests {
  let line = JobsCommandLine(socket: "/nonexistent/suanli.sock")

  @Test func runsATinyTraceWithJSONAndCharts() throws {
    let directory = try SimulateFixture.directory()
    let charts = directory.appendingPathComponent("charts")
    let outcome = try line.run([
      "simulate", directory.appendingPathComponent("trace.csv").path, "--cluster",
      directory.appendingPathComponent("cluster.toml").path, "--json", "--svg", charts.path, "--progress",
    ])
    #expect(outcome.status == 0, "\(outcome.errors)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    let policies = try #require(json["policies"] as? [[String: Any]])
    #expect(policies.compactMap { $0["policy"] as? String } == ["fifo", "backfill", "quota", "suanli"])
    #expect(json["jobs"] as? Int == 5 && json["schema"] != nil)
    #expect(outcome.errors.contains("simulate: 5 jobs × 4 policies in"))
    let files = try FileManager.default.contentsOfDirectory(atPath: charts.path).sorted()
    #expect(
      files == [
        "cards-backfill.svg", "cards-fifo.svg", "cards-quota.svg", "cards-suanli.svg", "queue.svg", "share.svg",
        "wait.svg",
      ])
  }

  @Test func printsTheSummaryTable() throws {
    let directory = try SimulateFixture.directory()
    let outcome = try line.run([
      "simulate", directory.appendingPathComponent("trace.csv").path, "--cluster",
      directory.appendingPathComponent("cluster.toml").path, "--policy", "fifo,backfill",
    ])
    #expect(outcome.status == 0)
    #expect(outcome.output.contains("METRIC") && outcome.output.contains("FIFO+BACKFILL"))
    #expect(outcome.errors.isEmpty, "no progress when stderr is not a terminal")
  }

  @Test func aMissingTraceAndABadClusterFileSayWhatIsWrong() throws {
    let directory = try SimulateFixture.directory()
    let cluster = directory.appendingPathComponent("cluster.toml").path
    let missing = try line.run(["simulate", directory.appendingPathComponent("none.csv").path, "--cluster", cluster])
    #expect(missing.status == 3)
    #expect(missing.errors.contains("cannot read"))
    let bad = directory.appendingPathComponent("bad.toml")
    try "[[node_group]]\nname = \"n\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\nlabes = { a = \"b\" }\n".write(
      to: bad, atomically: true, encoding: .utf8)
    let refused = try line.run(["simulate", directory.appendingPathComponent("trace.csv").path, "--cluster", bad.path])
    #expect(refused.status == 5)
    #expect(refused.errors.contains("node_group[0].labes") && refused.errors.contains("did you mean \"labels\"?"))
  }
}

/// A policy that ran an enterprise on a model its limit does not allow has an infinite use / limit: `--json`
/// must still print the whole report (JSON has no infinity), not an empty object.
@Test func nonFiniteFiguresDoNotEmptyTheJSON() {
  let text = String(decoding: APIJSON.encode(["max_limit_use": Double.infinity, "share": 0.5]), as: UTF8.self)
  #expect(text.contains("\"Infinity\"") && text.contains("0.5"), "\(text)")
}
