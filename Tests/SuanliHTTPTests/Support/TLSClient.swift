import Foundation

/// `openssl s_client` connected to a TLS port on loopback, trusting the test CA: it sends what it is given and
/// keeps its side of the connection open until the server closes it (then it ends) or ``stop()``.
final class TLSClient: @unchecked Sendable {
  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()

  init(port: Int, caPath: String) throws {
    self.process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    self.process.arguments = [
      "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", caPath, "-verify_return_error", "-quiet",
    ]
    self.process.standardInput = self.input
    self.process.standardOutput = self.output
    self.process.standardError = FileHandle.nullDevice
    try self.process.run()
  }

  deinit {
    _ = self.stop()
  }

  func send(_ text: String) {
    try? self.input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
  }

  /// Whether the server has closed the connection (s_client ended) within `seconds`.
  func endsWithin(seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while self.process.isRunning && Date() < deadline { usleep(20_000) }
    return !self.process.isRunning
  }

  /// Ends s_client if the server has not, and returns everything the server sent (decrypted).
  func stop() -> String {
    // SIGKILL: a child may inherit SIGTERM ignored (a signal handler of the test process's).
    if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
    self.process.waitUntilExit()
    try? self.input.fileHandleForWriting.close()
    return String(decoding: self.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  }
}
