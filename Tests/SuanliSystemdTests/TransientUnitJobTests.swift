import Foundation
import SuanliTestSupport
import Testing

/// Under systemd, the agent runs each run of a job as a transient unit `suanli-job-<id>-<start time>.service` with
/// the job's memory and CPU request as `MemoryMax=` and `CPUQuota=` and its environment in a file only root reads;
/// a restarted agent re-adopts it and a cancel stops all of it.
@Suite(.enabled(if: SystemdMachine.isAvailable, "needs root, systemd, unshare and nsenter"), .timeLimit(.minutes(3)))
struct TransientUnitJobTests {
  @Test func aJobRunsAsATransientUnitWithItsLimitsAndSurvivesAnAgentRestart() throws {
    let suanli = try InstalledSuanli.boot()
    defer { suanli.machine.shutdown() }
    try suanli.startAgent()
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

    #expect(try suanli.machine.run(["test", "-f", "/var/lib/suanli-agent/jobs/\(id).env"]).succeeded)

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
    // The re-adopted job's environment file goes with it.
    try waitUntil("the job's environment file to be removed", seconds: 10) {
      try suanli.machine.run(["test", "-e", "/var/lib/suanli-agent/jobs/\(id).env"]).status == 1
    }
  }

  @Test func theEnvironmentReachesTheJobExactlyThroughAFileOnlyRootReads() throws {
    let suanli = try InstalledSuanli.boot()
    defer { suanli.machine.shutdown() }
    try suanli.startAgent()
    let secret = "s3cr3t-\(UUID().uuidString)"
    let values = [
      "API_TOKEN": secret, "SPACES": "  two  spaces and\ta tab\t ", "QUOTES": #"say "hi" and 'bye' ""#,
      "BACKSLASHES": #"C:\path\to\ \n \\ \" end\"#, "DOLLARS": "$HOME ${USER} $(id) `id` %h %n %%",
      "NEWLINES": "line 1\nline 2\r\n\nlast\\\n", "COMMENTISH": "# not a comment ; nor this", "EQUALS": "a=b=c",
      "CONTROL": "\u{1}\u{1b}[31m\u{7f}", "UNICODE": "算力 🚀", "EMPTY": "",
    ]
    let submit = try suanli.suanliAsAlice(
      ["submit", "--parsable", "--mem", "64", "--time", "5m"] + values.flatMap { ["--env", "\($0.key)=\($0.value)"] }
        + ["--", "/bin/sh", "-c", "env -0 > env.out; until [ -e go ]; do sleep 0.1; done"])
    let id = try #require(Int(submit.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(submit)")
    try waitUntil("the job to write its environment", seconds: 30) {
      try suanli.machine.run(["test", "-s", "/home/alice/env.out"]).succeeded
    }
    let unit = try suanli.unit(of: id)

    // While it runs: the file is root's, mode 0600; the secret is in no command line and no unit property.
    let file = "/var/lib/suanli-agent/jobs/\(id).env"
    #expect(try suanli.machine.run(["stat", "-c", "%a %U %F", file]).output == "600 root regular file\n")
    let properties = try suanli.show(unit, "Environment", "EnvironmentFiles")
    #expect(properties["EnvironmentFiles"]?.hasPrefix(file + " ") == true, "\(properties)")
    #expect(properties["Environment"]?.contains(secret) == false, "\(properties)")
    let commandLines = try suanli.machine.run(["ps", "-e", "-o", "args="]).check("ps").output
    #expect(!commandLines.contains(secret) && commandLines.contains("until [ -e go ]"))
    #expect(try suanli.machine.run(["grep", "-r", secret, "/run/systemd/transient"]).status == 1, "not in the unit")

    try suanli.machine.run(["touch", "/home/alice/go"]).check("touch go")
    try waitUntil("the job to end", seconds: 30) {
      try suanli.suanliJSON("show", "\(id)")["state"] as? String == "succeeded"
    }
    #expect(try suanli.machine.run(["test", "-e", file]).status == 1, "the file is removed when the job ends")
    // What the job saw, byte for byte (`env -0`).
    let encoded = try suanli.machine.run(["base64", "-w0", "/home/alice/env.out"]).check("base64").output
    let seen = try #require(Data(base64Encoded: encoded)).split(separator: 0).reduce(into: [String: [UInt8]]()) {
      let entry = Array($1)
      guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else { return }
      $0[String(decoding: entry[..<equals], as: UTF8.self)] = Array(entry[(equals + 1)...])
    }
    for (name, value) in values {
      #expect(seen[name] == Array(value.utf8), "\(name): \(String(decoding: seen[name] ?? [], as: UTF8.self))")
    }

    // A value systemd would not pass on exactly: the job does not start, and says why.
    let refused = try suanli.suanliAsAlice([
      "submit", "--parsable", "--mem", "64", "--time", "5m", "--env", "BOM=\u{FEFF}x", "--", "/bin/true",
    ])
    let refusedID = try #require(Int(refused.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(refused)")
    try waitUntil("the job to fail", seconds: 30) {
      try suanli.suanliJSON("show", "\(refusedID)")["state"] as? String == "failed"
    }
    let timeline = try suanli.suanliJSON("show", "\(refusedID)")["timeline"] as? [[String: Any]] ?? []
    let ending = timeline.last?["detail"] as? String ?? ""
    #expect(ending.contains("BOM") && ending.contains("U+FEFF"), "\(timeline)")
    let left = try suanli.machine.run(["ls", "/var/lib/suanli-agent/jobs"]).output
    #expect(!left.contains(".env"), "\(left)")
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

  /// Starts the agent and waits until its node is ready.
  fileprivate func startAgent() throws {
    try machine.systemctl("start", "suanli-agent.service").check("systemctl start suanli-agent")
    try waitUntil("the agent to register", seconds: 30) {
      let nodes = try suanliJSON("nodes")["nodes"] as? [[String: Any]] ?? []
      return nodes.first?["state"] as? String == "ready"
    }
  }
}
