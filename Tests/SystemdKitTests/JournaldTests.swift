import Foundation
import SuanliTestSupport
import SystemdKit
import Testing

/// Entries written through the journal sink land in a real journal with their fields. The journald is private: a
/// mount namespace (`unshare --mount`) gets a tmpfs `/run` with its own `systemd-journald` writing into a temporary
/// directory, and this test binary runs inside it as the ``Probes/journal()`` child. The host is untouched; the
/// journal is read back with `journalctl --directory`.
@Suite struct JournaldTests {
  static let canRunPrivateJournald = PrivateJournal.isAvailable

  /// Runs the probe ("$@") inside the private journal's namespace.
  static let namespaceScript = PrivateJournal.script(
    """
    "$@"
    status=$?
    """)

  @Test(.enabled(if: canRunPrivateJournald, "needs root, unshare and systemd-journald for a private journal"))
  func entriesCarryTheirFields() throws {
    let directory = try TemporaryDirectory()
    let journalDirectory = directory.file("journal")
    try FileManager.default.createDirectory(atPath: journalDirectory, withIntermediateDirectories: false)
    let runToken = randomHex()
    let messageID = randomHex()
    var environment = ProcessInfo.processInfo.environment
    environment[Probe.variable] = Probe.journal.rawValue
    environment[Probe.reportVariable] = directory.file("report")
    environment["SUANLI_PROBE_RUN"] = runToken
    environment["SUANLI_PROBE_MESSAGE_ID"] = messageID
    environment["JOURNAL_DIR"] = journalDirectory
    let namespace = try ChildProcess(
      "/usr/bin/unshare",
      ["--mount", "--propagation", "private", "/bin/sh", "-c", Self.namespaceScript, "probe"]
        + Probe.journal.childCommand,
      environment: environment,
      outputPath: directory.file("output")
    )
    let status = namespace.wait(seconds: 180)
    #expect(status == 0, "namespace output:\n\(namespace.output)")
    #expect(try String(contentsOfFile: directory.file("report"), encoding: .utf8) == "logged")

    let machineDirectory = try #require(try FileManager.default.contentsOfDirectory(atPath: journalDirectory).first)
    let (readStatus, json) = try run(
      "/usr/bin/journalctl",
      ["--directory", journalDirectory + "/" + machineDirectory, "-o", "json", "SUANLI_TEST_RUN=\(runToken)"],
      in: directory
    )
    try #require(readStatus == 0, "journalctl: \(json)")
    let entries = try json.split(separator: "\n").map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    try #require(entries.count == 2)

    let failed = entries[0]
    #expect(field(failed, "MESSAGE") == "job failed\nexit status 3")
    #expect(field(failed, "PRIORITY") == "3")
    #expect(field(failed, "SYSLOG_IDENTIFIER") == "suanli-probe")
    #expect(field(failed, "SUANLI_LOGGER") == "suanli.probe")
    #expect(field(failed, "CODE_FILE") == "SystemdKitTests/Probes.swift")
    #expect(field(failed, "CODE_LINE").flatMap(Int.init) != nil)
    #expect(field(failed, "CODE_FUNC") == "journal()")
    #expect(field(failed, "SUANLI_JOB_ID") == "42")
    #expect(field(failed, "SUANLI_ENTERPRISE") == "acme")
    #expect(field(failed, "SUANLI_CARDS") == "[0,1]")
    #expect(field(failed, "MESSAGE_ID") == messageID)

    let second = entries[1]
    #expect(field(second, "MESSAGE") == "second entry")
    #expect(field(second, "PRIORITY") == "6")
    #expect(field(second, "SUANLI_JOB_ID") == nil)
  }

  /// A field of `journalctl -o json`: a string, or an array of bytes for values it does not print as text.
  private func field(_ entry: [String: Any], _ name: String) -> String? {
    if let text = entry[name] as? String { return text }
    if let bytes = entry[name] as? [Int] { return String(decoding: bytes.map { UInt8($0) }, as: UTF8.self) }
    return nil
  }

  private func randomHex() -> String {
    (0..<32).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
  }
}
