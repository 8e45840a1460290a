import Foundation
import Testing

@testable import SystemdKit

extension ProcessEnvironmentTests {
  /// The sink choice: journal only when `JOURNAL_STREAM` names the very file stderr is.
  @Suite struct JournalStreamTests {
    @Test func matchesOnlyTheNamedFile() throws {
      let directory = try TemporaryDirectory()
      let fd = open(directory.file("stream"), O_WRONLY | O_CREAT, 0o600)
      try #require(fd >= 0)
      defer { close(fd) }
      let (device, inode) = try identity(of: fd)

      #expect(JournalStream.isConnected(fileDescriptor: fd, journalStream: "\(device):\(inode)"))
      #expect(!JournalStream.isConnected(fileDescriptor: fd, journalStream: "\(device):\(inode + 1)"))
      #expect(!JournalStream.isConnected(fileDescriptor: fd, journalStream: nil))
      #expect(!JournalStream.isConnected(fileDescriptor: fd, journalStream: "garbage"))
      #expect(!JournalStream.isConnected(fileDescriptor: fd, journalStream: "\(device):\(inode):1"))
    }

    @Test func detectsTheJournalWhenStandardErrorIsTheJournalStream() throws {
      let (device, inode) = try identity(of: STDERR_FILENO)
      withEnvironment(["JOURNAL_STREAM": "\(device):\(inode)"]) {
        #expect(JournalLogHandler.Sink.detect() == .journal)
        #expect(JournalLogHandler(label: "l", identifier: "suanlid").sink == .journal)
      }
      withEnvironment(["JOURNAL_STREAM": "\(device):\(inode + 1)"]) {
        #expect(JournalLogHandler.Sink.detect() == .standardError)
      }
      withEnvironment(["JOURNAL_STREAM": nil]) {
        #expect(JournalLogHandler.Sink.detect() == .standardError)
        #expect(JournalLogHandler.factory(identifier: "suanlid")("l").sink == .standardError)
      }
    }

    private func identity(of fd: Int32) throws -> (device: UInt64, inode: UInt64) {
      var status = stat()
      try #require(fstat(fd, &status) == 0)
      return (UInt64(status.st_dev), UInt64(status.st_ino))
    }
  }
}
