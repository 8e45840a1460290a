import Foundation
import SuanliTestSupport
import Testing

/// Suanli as an operator installs it (`make install` layout, systemd/ units, sysusers, tmpfiles, catalog), under
/// a real systemd as PID 1: socket activation, the agent, a job's journal story, reload, the watchdog, and a
/// clean stop that loses nothing.
@Suite(.enabled(if: SystemdMachine.isAvailable, "needs root, systemd, unshare and nsenter"), .timeLimit(.minutes(3)))
struct InstalledUnitsTests {
  /// The catalog's MESSAGE_IDs (systemd/suanli.catalog) of a job's submission, start and end.
  static let submitted = "6332e57ba5814469896e7f5b7c282ae9"
  static let started = "f3e8904a495b4b219b8d3cdf51ec8c4f"
  static let finished = "23016d32d0b34df59dee253c536813c4"

  /// Only the watchdog is shortened, so that a hung daemon is noticed within seconds.
  static let shortWatchdog = ["suanlid.service.d/test-watchdog.conf": "[Service]\nWatchdogSec=3s\n"]

  @Test func theInstalledUnitsRunSuanliUnderSystemd() throws {
    let suanli = try InstalledSuanli.boot(extraUnits: Self.shortWatchdog)
    defer { suanli.machine.shutdown() }

    try theFirstCallStartsTheDaemon(suanli)
    try theAgentRegistersItsNode(suanli)
    let job = try aJobRunsAndTheJournalTellsItsStory(suanli)
    try reloadAppliesANewQuota(suanli)
    try aHungDaemonIsRestarted(suanli)
    try stopIsCleanAndLosesNothing(suanli, finishedJob: job)
    try theREADMEsBackupCopiesTheState(suanli)
  }

  private func theFirstCallStartsTheDaemon(_ suanli: InstalledSuanli) throws {
    #expect(try suanli.show("suanlid.socket", "ActiveState")["ActiveState"] == "active")
    #expect(try suanli.show("suanlid.service", "ActiveState")["ActiveState"] == "inactive")
    let info = try suanli.suanli("info").check("suanli info")
    #expect(info.output.contains("operator"))
    let daemon = try suanli.show("suanlid", "ActiveState", "SubState", "StatusText")
    #expect(daemon["ActiveState"] == "active")
    #expect(daemon["SubState"] == "running")
    #expect(daemon["StatusText"]?.contains("pending") == true, "STATUS= from sd_notify: \(daemon)")
    #expect(try suanli.show("suanlid", "User")["User"] == "suanli")
  }

  private func theAgentRegistersItsNode(_ suanli: InstalledSuanli) throws {
    try suanli.machine.systemctl("start", "suanli-agent.service").check("systemctl start suanli-agent")
    var node: [String: Any] = [:]
    try waitUntil("the agent to register machine-node", seconds: 30) {
      let nodes = try suanli.suanliJSON("nodes")["nodes"] as? [[String: Any]] ?? []
      node = nodes.first { $0["name"] as? String == "machine-node" } ?? [:]
      return node["state"] as? String == "ready"
    }
    #expect(node["cards"] as? Int == 2)
    #expect(node["model"] as? String == "nvidia-h200")
  }

  private func aJobRunsAndTheJournalTellsItsStory(_ suanli: InstalledSuanli) throws -> Int {
    let submit = try suanli.suanliAsAlice([
      "submit", "--gpus", "1", "--gpu-model", "nvidia-h200", "--time", "5m", "--wait", "--",
      "/bin/sh", "-c", "echo hello from $(id -un)",
    ])
    #expect(submit.status == 0, "\(submit)")
    let id = try #require(Self.jobID(in: submit.output), "\(submit)")
    let job = try suanli.suanliJSON("show", "\(id)")
    #expect(job["state"] as? String == "succeeded")
    let log = try suanli.machine.run(["cat", "/var/lib/suanli-agent/logs/\(id).log"])
    #expect(log.output == "hello from alice\n")

    let entries = try suanli.journalEntries(job: id)
    let messageIDs = Set(entries.compactMap { $0["MESSAGE_ID"] as? String })
    #expect(messageIDs.isSuperset(of: [Self.submitted, Self.started, Self.finished]), "\(entries)")
    #expect(entries.allSatisfy { $0["_SYSTEMD_UNIT"] as? String == "suanlid.service" })
    #expect(entries.allSatisfy { $0["SUANLI_ENTERPRISE"] as? String == "acme" })
    // The installed catalog explains the entries (journalctl -x).
    let explained = try suanli.machine.journalctl("-x", "-u", "suanlid", "SUANLI_JOB_ID=\(id)").output
    #expect(explained.contains("Subject: Job \(id) submitted by alice for acme"))
    return id
  }

  private func reloadAppliesANewQuota(_ suanli: InstalledSuanli) throws {
    #expect(try Self.cardLimit(suanli) == 2)
    let config = suanli.machine.sharedDirectory.appendingPathComponent("suanlid.toml")
    try InstalledSuanli.daemonConfig(cards: 1).write(to: config, atomically: true, encoding: .utf8)
    try suanli.machine.run(["install", "-m", "0644", "/run/host/suanlid.toml", "/etc/suanli/suanlid.toml"]).check()
    let pid = try suanli.show("suanlid", "MainPID")["MainPID"]
    try suanli.machine.systemctl("reload", "suanlid").check("systemctl reload suanlid")
    // ExecReload= sends SIGHUP and returns: the daemon applies the file right after.
    try waitUntil("the reloaded quota", seconds: 20) { try Self.cardLimit(suanli) == 1 }
    #expect(try suanli.show("suanlid", "MainPID")["MainPID"] == pid)
  }

  private func aHungDaemonIsRestarted(_ suanli: InstalledSuanli) throws {
    let before = try suanli.show("suanlid", "MainPID", "NRestarts")
    let pid = try #require(before["MainPID"])
    try suanli.machine.run(["kill", "-STOP", pid]).check("kill -STOP")
    var after: [String: String] = [:]
    try waitUntil("systemd to restart the hung daemon", seconds: 40) {
      after = try suanli.show("suanlid", "MainPID", "NRestarts", "ActiveState", "SubState")
      return after["MainPID"] != pid && after["MainPID"] != "0" && after["SubState"] == "running"
    }
    #expect(Int(after["NRestarts"] ?? "") == (Int(before["NRestarts"] ?? "") ?? 0) + 1)
    let systemd = try suanli.machine.journalctl("-u", "suanlid", "-o", "cat").output
    #expect(systemd.contains("Watchdog timeout"))
    #expect(try suanli.suanli("info").succeeded)
  }

  private func stopIsCleanAndLosesNothing(_ suanli: InstalledSuanli, finishedJob: Int) throws {
    let held = try suanli.suanliAsAlice(["submit", "--hold", "--parsable", "--time", "1h", "--", "/bin/true"])
    let heldID = try #require(Int(held.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(held)")
    // The fair-share factor decays with time (and is recomputed at start): everything else must be identical.
    let budget = Self.withoutFairShareFactor(try suanli.suanliJSON("budget"))

    try suanli.machine.systemctl("stop", "suanlid.socket", "suanlid.service").check("systemctl stop")
    let stopped = try suanli.show("suanlid", "ActiveState", "Result", "ExecMainStatus")
    #expect(stopped == ["ActiveState": "inactive", "Result": "success", "ExecMainStatus": "0"])

    try suanli.machine.systemctl("start", "suanlid.socket").check("systemctl start suanlid.socket")
    #expect(try suanli.suanliJSON("show", "\(finishedJob)")["state"] as? String == "succeeded")
    #expect(try suanli.suanliJSON("show", "\(heldID)")["state"] as? String == "held")
    let budgetAfter = Self.withoutFairShareFactor(try suanli.suanliJSON("budget"))
    #expect(NSDictionary(dictionary: budgetAfter).isEqual(to: budget), "\(budgetAfter) vs \(budget)")
    #expect(try Self.cardLimit(suanli) == 1)
  }

  /// A JSON object without its `fair_share_factor` fields, at any depth.
  static func withoutFairShareFactor(_ object: [String: Any]) -> [String: Any] {
    func strip(_ value: Any) -> Any {
      if let dictionary = value as? [String: Any] {
        return dictionary.filter { $0.key != "fair_share_factor" }.mapValues(strip)
      }
      if let array = value as? [Any] { return array.map(strip) }
      return value
    }
    return strip(object) as? [String: Any] ?? [:]
  }

  /// README, "Back up the state": SQLite's online backup as the `suanli` user while the daemon runs.
  private func theREADMEsBackupCopiesTheState(_ suanli: InstalledSuanli) throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
    let backup = """
      install -d -o suanli -g suanli -m 0700 /var/backups/suanli && \
      runuser -u suanli -- sqlite3 /var/lib/suanli/suanli.db ".backup /var/backups/suanli/suanli-$(date +%F).db" && \
      sqlite3 /var/backups/suanli/suanli-*.db "select count(*) from job"
      """
    let copied = try suanli.machine.shell(backup).check("the README's backup")
    #expect(copied.output == "2\n")
    #expect(try suanli.machine.run(["find", "/var/lib/suanli", "!", "-user", "suanli"]).output.isEmpty)
  }

  /// The job id in `suanli submit`'s "Submitted job N".
  static func jobID(in output: String) -> Int? {
    output.split(separator: "\n").lazy.compactMap { line in
      line.hasPrefix("Submitted job ") ? Int(line.dropFirst("Submitted job ".count)) : nil
    }.first
  }

  /// acme's limit of H200 cards, as `suanli quota --json` shows it.
  static func cardLimit(_ suanli: InstalledSuanli) throws -> Int? {
    let enterprises = try suanli.suanliJSON("quota")["enterprises"] as? [[String: Any]] ?? []
    let acme = enterprises.first { $0["id"] as? String == "acme" }
    let quota = acme?["quota"] as? [[String: Any]] ?? []
    return quota.first { $0["resource"] as? String == "nvidia-h200" }?["limit"] as? Int
  }
}
