import Foundation
import SuanliTestSupport
import Testing

/// The same trace gives the same decisions in separate processes. Swift seeds its hashing per process, so a
/// decision that depended on the order of a set or a dictionary would differ from one run to the next, which
/// replaying twice in one process (the core's determinism properties) cannot show.
@Suite struct SimulateDeterminismTests {
  let line = JobsCommandLine(socket: "/nonexistent/suanli.sock")

  @Test func separateRunsOfATraceWithReclaimGiveIdenticalResults() throws {
    let directory = URL(fileURLWithPath: try makeTestDirectory("determinism"))
    try Self.trace().write(to: directory.appendingPathComponent("trace.csv"), atomically: true, encoding: .utf8)
    try Self.cluster.write(to: directory.appendingPathComponent("cluster.toml"), atomically: true, encoding: .utf8)
    let arguments = [
      "simulate", directory.appendingPathComponent("trace.csv").path, "--cluster",
      directory.appendingPathComponent("cluster.toml").path, "--json",
    ]
    let runs = try (1...3).map { _ in try line.run(arguments) }
    for run in runs { #expect(run.status == 0, "\(run.errors)") }
    #expect(Set(runs.map(\.output)).count == 1, "the runs disagree")
    // The trace exercises what the comparison is for: borrowing, reclaim and tied ranks.
    let json = try #require(try JSONSerialization.jsonObject(with: Data(runs[0].output.utf8)) as? [String: Any])
    let policies = try #require(json["policies"] as? [[String: Any]])
    let suanli = try #require(policies.first { $0["policy"] as? String == "suanli" })
    #expect((suanli["preemptions"] as? Int ?? 0) > 0)
  }

  /// 400 jobs of six tenants, submitted five at a time (so that many ranks tie on priority and submit time),
  /// of 1 to 16 cards, from a fixed pseudo-random sequence.
  static func trace() -> String {
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    var lines = [
      "job_id,tenant,user,submit_time_s,start_time_s,end_time_s,duration_s,queue_s,num_gpus,gpu_milli,num_cpus,"
        + "mem_gib,num_instances,priority_class,status,gpu_type,censored,notes"
    ]
    for i in 0..<400 {
      let cards = [1, 1, 1, 1, 2, 4, 8][next(7)]
      let instances = next(20) == 0 ? 2 : 1
      let duration = [120, 600, 1800, 3600, 7200][next(5)]
      lines.append("j\(i),t\(next(6)),,\(i / 5 * 150),,,\(duration),,\(cards),,,,\(instances),,,,,")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Five 8-card nodes; guarantees of 16, 8, 8, 4, 4 and 0 cards, every limit 40: tenants borrow and reclaim.
  static let cluster = """
    [[node_group]]
    name = "n"
    count = 5
    model = "nvidia-v100"
    cards = 8
    cpu = 64
    memory = "512G"

    [jobs]
    walltime_factor = 1.5
    walltime_min = 60
    walltime_round = 60

    [prices.cards]
    "nvidia-v100" = 3.6

    """
    + [16, 8, 8, 4, 4, 0].enumerated().map { index, guaranteed in
      """

      [[enterprise]]
      id = "t\(index)"
      guaranteed = { cards = { "nvidia-v100" = \(guaranteed) } }
      limit = { cards = { "nvidia-v100" = 40 } }

      """
    }.joined()
}
