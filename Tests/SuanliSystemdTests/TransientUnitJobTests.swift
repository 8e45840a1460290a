import Foundation
import SuanliTestSupport
import Testing

/// Under systemd, the agent runs each run of a job as a transient unit `suanli-job-<id>-<start time>.service` with
/// the job's memory and CPU request as `MemoryMax=` and `CPUQuota=`; a restarted agent re-adopts it and a cancel
/// stops all of it.
@Suite(.enabled(if: SystemdMachine.isAvailable, "needs root, systemd, unshare and nsenter"), .timeLimit(.minutes(3)))
struct TransientUnitJobTests {
  @Test func aJobRunsAsATransientUnitWithItsLimitsAndSurvivesAnAgentRestart() throws {
    let suanli = try InstalledSuanli.boot()
    defer { suanli.machine.shutdown() }
    try suanli.machine.systemctl("start", "suanli-agent.service").check("systemctl start suanli-agent")
    try waitUntil("the agent to register", seconds: 30) {
      let nodes = try suanli.suanliJSON("nodes")["nodes"] as? [[String: Any]] ?? []
      return nodes.first?["state"] as? String == "ready"
    }
    let submit = try suanli.suanliAsAlice([
      "submit", "--parsable", "--gpus", "1", "--gpu-model", "nvidia-h200", "--mem", "256", "--cpus", "1.5", "--time",
      "5m", "--", "/bin/sh", "-c", "sleep 300 & wait",
    ])
    let id = try #require(Int(submit.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(submit)")
    try waitUntil("the job to run", seconds: 30) {
      try suanli.suanliJSON("show", "\(id)")["state"] as? String == "running"
    }
    let unit = try suanli.unit(of: id)

    let properties = try suanli.show(unit, "ActiveState", "MemoryMax", "CPUQuotaPerSecUSec", "MainPID")
    #expect(properties["ActiveState"] == "active", "\(properties)")
    #expect(properties["MemoryMax"] == "\(256 * 1_048_576)")
    #expect(properties["CPUQuotaPerSecUSec"] == "1.500000s")
    // Every process of the job is in the unit, and runs as alice.
    let processes = try suanli.machine.run(["systemctl", "show", "--property=ControlGroup", "--value", unit]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let pids = try suanli.machine.run(["cat", "/sys/fs/cgroup\(processes)/cgroup.procs"]).output
      .split(separator: "\n")
    #expect(pids.count == 3, "wrapper, shell and sleep: \(pids)")
    let users = try suanli.machine.run(["ps", "-o", "user=", "-p", pids.joined(separator: ",")]).output
    #expect(Set(users.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }) == ["alice"], "\(users)")

    // The agent restarts: the job's unit runs on and is adopted again.
    try suanli.machine.systemctl("restart", "suanli-agent.service").check("systemctl restart suanli-agent")
    try waitUntil("the restarted agent to re-adopt the job", seconds: 30) {
      try suanli.machine.journalctl("-u", "suanli-agent", "-o", "cat").output.contains("re-adopted job \(id)")
    }
    #expect(try suanli.show(unit, "ActiveState")["ActiveState"] == "active")
    #expect(try suanli.suanliJSON("show", "\(id)")["state"] as? String == "running")

    // A cancel stops the whole unit, background processes included.
    #expect(try suanli.suanliAsAlice(["cancel", "\(id)"]).status == 0)
    try waitUntil("the unit to be gone", seconds: 30) {
      try suanli.show(unit, "ActiveState")["ActiveState"] == "inactive"
    }
    #expect(try suanli.machine.run(["pgrep", "-u", "alice"]).output.isEmpty)
    #expect(try suanli.suanliJSON("show", "\(id)")["state"] as? String == "cancelled")
  }
}

extension InstalledSuanli {
  /// The unit of job `id`'s current run (`suanli-job-<id>-<start time>.service`), while it is loaded.
  func unit(of id: Int) throws -> String {
    let listed = try machine.systemctl("list-units", "--all", "--plain", "--no-legend", "--full", "suanli-job-\(id)-*")
      .check("systemctl list-units").output
    let units = listed.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    guard units.count == 1, let unit = units.first else { throw TestFailure("not one unit of job \(id): \(listed)") }
    return unit
  }
}
