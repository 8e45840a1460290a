import SuanliConfig
import SuanliCore
import Testing

@testable import SuanliSimulator

@Suite struct TraceTests {
  static let header =
    "job_id,tenant,user,submit_time_s,start_time_s,end_time_s,duration_s,queue_s,num_gpus,gpu_milli,num_cpus,"
    + "mem_gib,num_instances,priority_class,status,gpu_type,censored,notes"

  @Test func readsTheWorkloadSchema() throws {
    let text = """
      \(Self.header)
      a-0,vc1,,0,,,16482,,8,,,,,,,,,"APPROX duration=x;job_type=Transformer (batch size 128), quoted"
      b-1,,,12.7,,,10.2,,1,460,6.5,12,1,LS,Running,,1,
      c-2,app,,,,,,,1,,12,120,1,LS,,,1,"role=HN;created_before_trace"
      d-3,app,,5,,,,,0,,2,4,1,BE,,,1,alive_at_trace_end

      """
    let trace = try Trace.parse(text, source: "t.csv")
    #expect(
      trace.rows == [
        TraceRow(id: "a-0", tenant: "vc1", submit: 0, duration: 16_482, cards: 8),
        TraceRow(
          id: "b-1", submit: 12, duration: 11, cards: 1, cpuMillis: 6_500, memoryMiB: 12 * 1024,
          priorityClass: "LS"),
      ])
    #expect(trace.skipped == ["no submit time": 1, "no duration": 1])
  }

  @Test func aMissingColumnOrABadNumberIsAnError() {
    #expect(throws: TraceError.self) { try Trace.parse("job_id,tenant\nx,y\n", source: "t.csv") }
    #expect(throws: TraceError.self) {
      try Trace.parse("\(Self.header)\nx,t,,zero,,,5,,1,,,,,,,,,\n", source: "t.csv")
    }
  }

  @Test func anErrorNamesTheLineItIsOnEvenAfterBlankLinesAndQuotedLineBreaks() {
    let text = "\(Self.header)\n\nx,t,,0,,,5,,1,,,,,,,,,\"a\nb\"\ny,t,,zero,,,5,,1,,,,,,,,,\n"
    #expect {
      try Trace.parse(text, source: "t.csv")
    } throws: { error in
      "\(error)".contains("line 5: submit_time_s \"zero\"")
    }
  }

  @Test func anUnclosedQuoteIsAnErrorNotLostRows() {
    let text = "\(Self.header)\nx,t,,0,,,5,,1,,,,,,,,,\"open\ny,t,,1,,,5,,1,,,,,,,,,\n"
    #expect {
      try Trace.parse(text, source: "t.csv")
    } throws: { error in
      "\(error)".contains("line 2: a quote") && "\(error)".contains("never closed")
    }
  }

  @Test(arguments: [
    ("1700000000000", "submit_time_s", "not Unix milliseconds"), ("1e30", "duration_s", nil),
    ("1e12", "num_gpus", nil),
  ])
  func outOfRangeNumbersAreErrorsNotCrashes(value: String, column: String, hint: String?) {
    var fields = ["x", "t", "", "0", "", "", "5", "", "1", "", "", "", "", "", "", "", "", ""]
    let index = ["submit_time_s": 3, "duration_s": 6, "num_gpus": 8][column]!
    fields[index] = value
    #expect {
      try Trace.parse("\(Self.header)\n\(fields.joined(separator: ","))\n", source: "t.csv")
    } throws: { error in
      "\(error)".contains("line 2: \(column) \(value) is out of range") && hint.map { "\(error)".contains($0) } ?? true
    }
  }

  @Test func cardsTimesInstancesBeyondTheLimitIsAnErrorNotAHang() {
    let columns = Self.header.split(separator: ",").map(String.init)
    var fields = Array(repeating: "", count: columns.count)
    for (name, value) in [
      ("job_id", "x"), ("submit_time_s", "0"), ("duration_s", "5"), ("num_gpus", "1048573"),
      ("num_instances", "1048573"),
    ] {
      fields[columns.firstIndex(of: name)!] = value
    }
    #expect {
      try Trace.parse("\(Self.header)\n\(fields.joined(separator: ","))\n", source: "t.csv")
    } throws: { error in
      "\(error)".contains("line 2: num_gpus × num_instances is") && "\(error)".contains("at most 1048576")
    }
  }

  @Test func tenantMapsReadCommasOrSpaces() throws {
    let map = try TenantMap.parse("# vc to enterprise\n0e4a51,alpha\nb436b2 beta\n\n", source: "m")
    #expect(map == ["0e4a51": "alpha", "b436b2": "beta"])
    #expect(throws: TraceError.self) { try TenantMap.parse("a,b,c\n", source: "m") }
  }

  @Test(arguments: [(8, 1, 8), (16, 2, 8), (64, 8, 8), (12, 2, 6), (20, 4, 5), (3, 1, 3)])
  func cardsSplitEvenlyOverTheFewestNodes(cards: Int, nodes: Int, perNode: Int) {
    let count = JobShaper.nodeCount(cards: cards, instances: 1, perNode: 8)
    #expect(count == nodes)
    #expect((cards + count - 1) / count == perNode)
  }

  @Test func walltimesAreTheDurationTimesTheFactorRoundedAndCapped() {
    var config = Sim.config()
    config.jobs.walltimeFactor = 1.5
    config.jobs.walltimeRound = 300
    config.jobs.walltimeMin = 600
    config.jobs.walltimeCap = 86_400
    let shaper = JobShaper(config: config, cluster: ClusterModel(config))
    #expect(shaper.walltime(for: 100) == 600)  // 150 s → the minimum
    #expect(shaper.walltime(for: 1_000) == 1_500)  // exactly 5 steps
    #expect(shaper.walltime(for: 1_001) == 1_800)  // 1501.5 → rounded up
    #expect(shaper.walltime(for: 20_000) == 30_600)  // 30000 s → 17 steps of 30m
    #expect(shaper.walltime(for: 100_000) == 86_400)  // capped
  }

  @Test func tenantsBecomeEnterprisesThroughTheMapTheConfigOrTheirOwnName() {
    var config = Sim.config(enterprises: [.init(id: "alpha", tenants: ["t1"])])
    config.jobs.untenanted = .enterprise("pool")
    let rows = [
      Sim.row("1", "t1", submit: 0, duration: 1, cards: 1), Sim.row("2", "t2", submit: 0, duration: 1, cards: 1),
      Sim.row("3", "t3", submit: 0, duration: 1, cards: 1), Sim.row("4", "", submit: 0, duration: 1, cards: 1),
    ]
    let workload = Workload(
      trace: Trace(rows: rows), config: config, cluster: ClusterModel(config), tenantMap: ["t3": "alpha"])
    #expect(workload.enterprises.map(\.id) == ["alpha", "t2", "pool"])
    #expect(workload.jobs.map(\.enterprise) == [0, 1, 0, 2])
  }
}
