import Foundation
import Logging
import SystemdKit
import Testing

/// The child-side halves of ``SocketActivationTests`` and ``JournaldTests``: they run only in a child process started
/// by those tests (see ``Probe``) and are skipped in a normal test run.
@Suite("Probes (child processes only)")
struct Probes {
  /// Started by `systemd-socket-activate`: report the inherited sockets, then answer one connection on the first.
  @Test(.enabled(if: Probe.current == .socketActivation, "runs only as a child of systemd-socket-activate"))
  func socketActivation() throws {
    let sockets = SocketActivation.listenFileDescriptors()
    let report = [
      sockets.map { "\($0.fd):\($0.name)" }.joined(separator: ","),
      sockets.map { SocketActivation.isUnixStreamSocket($0.fd) ? "unix-stream" : "other" }.joined(separator: ","),
      ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"].map { environmentValue($0) == nil ? "unset" : "set" }.joined(
        separator: ","),
    ]
    try writeReport(report.joined(separator: "\n"))
    let first = try #require(sockets.first)
    let connection = accept(first.fd, nil, nil)
    try #require(connection >= 0)
    let reply = "hello from \(first.name)"
    _ = reply.withCString { write(connection, $0, strlen($0)) }
    close(connection)
  }

  /// Inside a mount namespace with a private journald: log two entries through the journal sink.
  @Test(.enabled(if: Probe.current == .journal, "runs only as a child in a namespace with a private journald"))
  func journal() throws {
    let environment = ProcessInfo.processInfo.environment
    let run = try #require(environment["SUANLI_PROBE_RUN"])
    let messageID = try #require(environment["SUANLI_PROBE_MESSAGE_ID"])
    let logger = Logger(label: "suanli.probe") { label in
      JournalLogHandler(label: label, identifier: "suanli-probe", sink: .journal)
    }
    logger.error(
      "job failed\nexit status 3",
      metadata: [
        LogKey.jobID: "42", LogKey.enterprise: "acme", LogKey.messageID: "\(messageID)", "test.run": "\(run)",
        "cards": ["0", "1"],
      ]
    )
    logger.info("second entry", metadata: ["test.run": "\(run)"])
    try writeReport("logged")
  }

  private func writeReport(_ text: String) throws {
    let path = try #require(ProcessInfo.processInfo.environment[Probe.reportVariable])
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }
}
