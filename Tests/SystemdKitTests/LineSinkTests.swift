import Foundation
import Logging
import SystemdKit
import Testing

/// The readable-lines sink writing into a real file, read back.
@Suite struct LineSinkTests {
  @Test func writesOneReadableLinePerRecord() throws {
    let lines = try logged { logger in
      logger.info("job started", metadata: [LogKey.node: "n1", LogKey.jobID: "42", LogKey.enterprise: "acme"])
    }
    let line = try #require(lines.first)
    #expect(lines.count == 1)
    let timestamp = #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/#
    #expect(try timestamp.prefixMatch(in: line) != nil, "\(line)")
    #expect(line.hasSuffix(" info suanlid: job started job.id=42 enterprise=acme node=n1"), "\(line)")
  }

  @Test func quotesValuesThatAreNotPlainTokens() throws {
    let lines = try logged { logger in
      logger.warning(
        "waiting",
        metadata: [
          "reason": "needs 8 cards", "quoted": "say \"hi\"", "empty": "", "path": #"C:\x"#, "sum": "a=b", "plain": "ok",
          "multi": "one\ntwo",
        ]
      )
    }
    #expect(
      lines.first?.hasSuffix(
        #" warning suanlid: waiting empty="" multi="one\ntwo" path="C:\\x" plain=ok quoted="say \"hi\"""#
          + #" reason="needs 8 cards" sum="a=b""#
      ) == true,
      "\(lines)"
    )
  }

  @Test func escapesNewlinesSoARecordStaysOneLine() throws {
    let lines = try logged { logger in
      logger.error("first line\nsecond line\r\u{1B}[31m")
    }
    #expect(lines.count == 1)
    #expect(lines.first?.hasSuffix(#" error suanlid: first line\nsecond line\r\x1b[31m"#) == true, "\(lines)")
  }

  @Test func mergesProviderHandlerAndMessageMetadata() throws {
    let provider = Logger.MetadataProvider { ["trace": "t1", LogKey.node: "from-provider"] }
    let lines = try logged(metadataProvider: provider) { logger in
      var logger = logger
      logger[metadataKey: LogKey.enterprise] = "acme"
      logger[metadataKey: LogKey.node] = "n1"
      logger.notice("one", metadata: [LogKey.enterprise: "globex"])
      logger.notice("two")
    }
    #expect(lines.count == 2)
    #expect(lines.first?.hasSuffix(" notice suanlid: one enterprise=globex node=n1 trace=t1") == true, "\(lines)")
    #expect(lines.last?.hasSuffix(" notice suanlid: two enterprise=acme node=n1 trace=t1") == true, "\(lines)")
  }

  @Test func rendersArraysAndDictionariesCompactly() throws {
    let lines = try logged { logger in
      logger.info("placed", metadata: ["cards": ["0", "1"], "labels": ["zone": "b", "site": "songshanhu"]])
    }
    #expect(lines.first?.hasSuffix(" placed cards=[0,1] labels={site:songshanhu,zone:b}") == true, "\(lines)")
  }

  @Test func honoursTheLogLevel() throws {
    let lines = try logged { logger in
      logger.debug("hidden")
      logger.info("shown")
    }
    #expect(lines.count == 1)
    #expect(lines.first?.hasSuffix("shown") == true)
  }

  /// Logs through a handler whose sink is a fresh file, and returns the file's lines.
  private func logged(
    metadataProvider: Logger.MetadataProvider? = nil,
    _ body: (Logger) -> Void
  ) throws -> [String] {
    let directory = try TemporaryDirectory()
    let path = directory.file("log")
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    try #require(fd >= 0)
    let logger = Logger(label: "suanli.test") { label in
      JournalLogHandler(
        label: label,
        identifier: "suanlid",
        sink: .lines(fileDescriptor: fd),
        metadataProvider: metadataProvider
      )
    }
    body(logger)
    close(fd)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasSuffix("\n"))
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }
}
