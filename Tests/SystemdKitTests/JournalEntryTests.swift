import Logging
import Testing

@testable import SystemdKit

/// The fields of a native journal entry, assembled without sending (sending is covered by ``JournaldTests``).
@Suite struct JournalEntryTests {
  @Test(arguments: [
    (Logger.Level.trace, "7"), (.debug, "7"), (.info, "6"), (.notice, "5"), (.warning, "4"), (.error, "3"),
    (.critical, "2"),
  ])
  func priorityFollowsSyslog(level: Logger.Level, priority: String) {
    let entry = makeEntry(
      LogEvent(level: level, message: "m", metadata: nil, source: "S", file: "F", function: "f", line: 1))
    #expect(entry.fields.first { $0.name == "PRIORITY" }?.value == priority)
  }

  @Test func carriesMessageSourceLocationAndMappedMetadata() {
    let event = LogEvent(
      level: .info,
      message: "line one\nline two",
      metadata: [LogKey.messageID: "0123456789abcdef0123456789abcdef", LogKey.jobID: "42", "gpu.model": "ascend-910b"],
      source: "SuanliDaemon",
      file: "SuanliDaemon/Scheduler.swift",
      function: "cycle()",
      line: 17
    )
    let fields = makeEntry(event, handlerMetadata: [LogKey.jobID: "7", LogKey.node: "n1"]).fields
    #expect(
      fields.map(\.name) == [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "SUANLI_LOGGER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
        "SUANLI_JOB_ID", "SUANLI_NODE", "MESSAGE_ID", "SUANLI_GPU_MODEL",
      ])
    #expect(
      fields.map(\.value) == [
        "line one\nline two", "6", "suanlid", "suanli.scheduler", "SuanliDaemon/Scheduler.swift", "17", "cycle()",
        "42", "n1", "0123456789abcdef0123456789abcdef", "ascend-910b",
      ])
  }

  @Test func logsTheEventsErrorUnlessMetadataNamesOne() {
    struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
    var event = LogEvent(level: .error, message: "m", metadata: nil, source: "S", file: "F", function: "f", line: 1)
    event.error = Refused()
    #expect(makeEntry(event).fields.first { $0.name == "SUANLI_ERROR" }?.value == "refused")
    event.metadata = ["error": "explicit"]
    #expect(makeEntry(event).fields.filter { $0.name == "SUANLI_ERROR" }.map(\.value) == ["explicit"])
  }

  private func makeEntry(_ event: LogEvent, handlerMetadata: Logger.Metadata = [:]) -> JournalEntry {
    let record = LogRecord(event: event, handlerMetadata: handlerMetadata, provider: nil)
    return JournalEntry(record: record, identifier: "suanlid", label: "suanli.scheduler")
  }
}
