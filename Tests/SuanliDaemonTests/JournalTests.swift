import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

@testable import SuanliDaemon

/// A job's whole life is in the journal, one entry per state change, with the documented fields and MESSAGE_IDs:
/// `journalctl SUANLI_JOB_ID=N` tells its story. The journald is private (a mount namespace with its own
/// `systemd-journald` writing into a temporary directory); the daemon's stderr is a journal stream, as under systemd.
@Suite struct JournalTests {
  static let canRunPrivateJournald =
    PrivateJournal.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-cat")

  /// Runs suanlid with stderr on a journal stream (JOURNAL_STREAM set as systemd sets it) until the test creates
  /// `$DONE`, then stops it.
  static let script = PrivateJournal.script(
    """
    systemd-cat -t suanlid sh -c 'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$@"' sh "$@" &
    daemon=$!
    while [ ! -e "$DONE" ]; do sleep 0.1; done
    kill -TERM $daemon
    wait $daemon
    status=$?
    """)

  @Test(.enabled(if: canRunPrivateJournald, "needs root, unshare, systemd-cat and systemd-journald"))
  func aJobsLifeIsInTheJournalWithItsFields() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    let journal = daemon.directory.appendingPathComponent("journal").path
    let done = daemon.directory.appendingPathComponent("done").path
    try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: false)
    let namespace = Process()
    namespace.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    namespace.arguments =
      ["--mount", "--propagation", "private", "/bin/sh", "-c", Self.script, "namespace", DaemonProcess.binary]
      + daemon.arguments
    var environment = ProcessInfo.processInfo.environment
    environment["JOURNAL_DIR"] = journal
    environment["DONE"] = done
    environment["SWIFT_BACKTRACE"] = "enable=no"
    namespace.environment = environment
    let output = daemon.directory.appendingPathComponent("namespace.log")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    namespace.standardOutput = try FileHandle(forWritingTo: output)
    namespace.standardError = namespace.standardOutput
    try namespace.run()
    defer { if namespace.isRunning { kill(namespace.processIdentifier, SIGKILL) } }
    try daemon.waitUntilReady()

    let client = daemon.client()
    _ = try client.register("n1")
    let id = try #require(try client.submit(.gpu(2, name: "journaled")).jobIds.first)
    _ = try client.waitFor(id, .starting)
    _ = try client.report(id, node: "n1", "running")
    _ = try client.report(id, node: "n1", "failed", exitCode: 3)
    _ = FileManager.default.createFile(atPath: done, contents: nil)
    namespace.waitUntilExit()
    let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    #expect(namespace.terminationStatus == 0, "namespace: \(log)")

    let machine = try #require(try FileManager.default.contentsOfDirectory(atPath: journal).first)
    let json = try DaemonProcess.run(
      "/usr/bin/journalctl", ["--directory", journal + "/" + machine, "-o", "json", "SUANLI_JOB_ID=\(id)"])
    let entries = try json.split(separator: "\n").map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    let events = entries.compactMap { $0["SUANLI_EVENT"] as? String }
    #expect(events == ["job_submitted", "job_started", "job_running", "job_finished"])
    let finished = try #require(entries.last)
    #expect(finished["MESSAGE_ID"] as? String == JournalEvent.jobFinished.rawValue)
    #expect((finished["MESSAGE"] as? String)?.contains("exit code 3") == true)
    #expect(finished["SUANLI_ENTERPRISE"] as? String == "acme")
    #expect(finished["SUANLI_USER"] as? String == "root")
    #expect(finished["SUANLI_NODE"] as? String == "n1")
    #expect(finished["SYSLOG_IDENTIFIER"] as? String == "suanlid")
    #expect(finished["PRIORITY"] as? String == "6")
    #expect((finished["CODE_FILE"] as? String)?.hasPrefix("SuanliDaemon/") == true)
    for entry in entries {
      let messageID = entry["MESSAGE_ID"] as? String
      #expect(messageID.flatMap(JournalEvent.init(rawValue:)) != nil, "every entry has a documented MESSAGE_ID")
    }
  }
}
