import SuanliConfig
import SuanliCore
import Testing

@testable import SuanliSimulator

@Suite struct ClusterFileTests {
  static let examples = ["philly.toml", "philly-2000.toml", "alibaba-openb.toml"]

  static func examplePath(_ name: String) -> String {
    // Tests/SuanliSimulatorTests/ClusterFileTests.swift → the package root.
    let root = "\(#filePath)".split(separator: "/").dropLast(3).joined(separator: "/")
    return "/\(root)/etc/suanli/simulate/\(name)"
  }

  @Test(arguments: examples)
  func theExamplesLoad(name: String) throws {
    let config = try SimulationConfig.load(contentsOf: Self.examplePath(name))
    let cluster = ClusterModel(config)
    #expect(cluster.totalCards > 0)
    #expect(!config.enterprises.isEmpty)
    let guaranteed = config.enterprises.reduce(0) { $0 + ($1.terms.guaranteed.cards.values.reduce(0, +)) }
    #expect(guaranteed <= cluster.totalCards, "guarantees fit in the cluster")
  }

  @Test func aSmallDescriptionReadsAsWritten() throws {
    let config = try SimulationConfig.parse(
      """
      [simulation]
      tick = "2m"
      seed = 9

      [[node_group]]
      name = "h"
      count = 2
      model = "nvidia-h200"
      cards = 8
      cpu = 96
      memory = "1T"
      labels = { site = "a" }

      [jobs]
      walltime_factor = 1.5
      walltime_cap = "2d"
      models = ["nvidia-h200"]
      untenanted = "spread"
      classes = { LS = "high" }

      [scheduler]
      backfill_depth = 4

      [prices.cards]
      "nvidia-h200" = 12.5

      [enterprise_defaults]
      budget = 100

      [[enterprise]]
      id = "acme"
      tenants = ["vc1", "vc2"]
      guaranteed = { cards = { "nvidia-h200" = 8 } }
      limit = { memory = "1T", cards = { "nvidia-h200" = 16 } }
      weight = 2
      class_mix = { high = 0.25, normal = 0.75 }
      """, source: "c.toml")
    #expect(config.tick == 120 && config.seed == 9)
    #expect(
      config.nodeGroups == [
        .init(
          name: "h", count: 2, model: "nvidia-h200", cards: 8, cpuMillis: 96_000, memoryMiB: 1 << 20,
          labels: ["site": "a"])
      ])
    #expect(config.jobs.walltimeFactor == 1.5 && config.jobs.walltimeCap == 172_800)
    #expect(config.jobs.untenanted == .spread && config.jobs.classes == ["LS": .high])
    #expect(config.scheduler.backfillDepth == 4)
    #expect(config.prices.perCardHour == ["nvidia-h200": Credits(millis: 12_500)])
    #expect(config.defaults.budget == Credits(100))
    let acme = config.enterprises[0]
    #expect(acme.tenants == ["vc1", "vc2"] && acme.terms.weight == 2)
    #expect(acme.terms.limit?.cpuMillis == SimulationConfig.Terms.wholeCluster)
    #expect(acme.terms.limit?.memoryMiB == 1 << 20)
    #expect(acme.terms.classMix == [.high: 0.25, .normal: 0.75])
  }

  @Test(arguments: [
    ("[[node_group]]\nname = \"n\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\ncard = 8\n", "node_group[0].card"),
    (
      "[[node_group]]\nname = \"n\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\n[jobs]\nwalltime_factor = 0\n",
      "jobs.walltime_factor"
    ),
    (
      "[[node_group]]\nname = \"n\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\n[[enterprise]]\nid = \"a\"\n"
        + "class_mix = { high = 0.5 }\n", "enterprise[0].class_mix"
    ),
    ("[[node_group]]\nname = \"n\"\ncount = 1\ncards = 8\ncpu = 8\nmemory = \"8G\"\n", "node_group[0].model"),
    ("[[node_group]]\nname = \"v100 nodes\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\n", "node_group[0].name"),
    // Values that trapped (a range with its bounds reversed, overflowing sums) before they were checked.
    (
      "[[node_group]]\nname = \"n\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\n[scheduler]\nmax_walltime = 0\n",
      "scheduler.max_walltime"
    ),
    ("[[node_group]]\nname = \"n\"\ncount = 2\ncpu = 8\nmemory = 9223372036854775807\n", "node_group[0].memory"),
    (
      "[[node_group]]\nname = \"n\"\ncount = 1\ncpu = 8\nmemory = \"8G\"\n[[enterprise]]\nid = \"a\"\n"
        + "guaranteed = { cards = { a = 9223372036854775807, b = 1 } }\n", "enterprise[0]"
    ),
  ])
  func mistakesAreErrorsAtTheirKey(toml: String, keyPath: String) {
    #expect {
      try SimulationConfig.parse(toml, source: "c.toml")
    } throws: { error in
      (error as? ConfigError)?.keyPath == keyPath
    }
  }
}

@Suite struct ChartTests {
  @Test func everyPolicyGetsItsChartsAndTheyAreSVG() throws {
    let config = InvariantTests.config
    let cluster = ClusterModel(config)
    let workload = Workload(trace: InvariantTests.randomTrace(seed: 5), config: config, cluster: cluster)
    let runs = try Simulation.run(workload, on: cluster, config: config, policies: [.fifo, .suanli])
    let charts = Charts.all(runs, workload: workload, cluster: cluster)
    #expect(charts.map(\.name) == ["cards-fifo.svg", "cards-suanli.svg", "queue.svg", "wait.svg", "share.svg"])
    for chart in charts {
      #expect(chart.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
      #expect(chart.svg.hasSuffix("</svg>\n"))
      #expect(!chart.svg.contains("nan") && !chart.svg.contains("inf"))
    }
    #expect(charts[0].svg.contains("e0") && charts[2].svg.contains("<polyline"))
  }

  @Test func stepFunctionsAverageOverEachColumn() {
    var timeline = Timeline(enterpriseCount: 1)
    timeline.record(time: 0, queued: 4, cards: [0])
    timeline.record(time: 200, queued: 0, cards: [0])
    let columns = Charts.averaged(timeline, from: 0, to: 400) { Double(timeline.queued[$0]) }
    #expect(columns.count == Charts.columns)
    #expect(columns.first == 4 && columns.last == 0)
    #expect(abs(columns.reduce(0, +) / Double(columns.count) - 2) < 1e-9, "the mean of the step is 2")
  }
}

@Suite struct DistributionTests {
  @Test func meanMedianAndNearestRankPercentile() {
    let odd = Distribution([5, 1, 3])
    #expect(odd.mean == 3 && odd.median == 3 && odd.p99 == 5)
    let hundred = Distribution((1...100).map { Int64($0) })
    #expect(hundred.median == 50.5 && hundred.p99 == 99)
    #expect(Distribution([]).count == 0)
  }

  @Test func jainIsOneForEqualSharesAndOneOverNForOneTakingAll() {
    #expect(jainIndex([2, 2, 2]) == 1)
    #expect(jainIndex([1, 0, 0, 0]) == 0.25)
  }
}
