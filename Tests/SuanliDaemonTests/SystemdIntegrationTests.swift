import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// The daemon under systemd's protocols, for real: a notification socket, socket activation.
@Suite struct SystemdIntegrationTests {
  @Test func itTellsSystemdReadyStatusWatchdogReloadingAndStopping() throws {
    let notify = try DatagramSocket()
    let daemon = try DaemonProcess(
      config: TestConfig.standard(), environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"])
    try daemon.start()
    let ready = try notify.receive(until: { $0.contains("READY=1") })
    #expect(ready.contains { $0.contains("READY=1") && $0.contains("STATUS=0 pending, 0 running") })
    #expect(try notify.receive(until: { $0.contains("WATCHDOG=1") }).isEmpty == false)

    daemon.signal(SIGHUP)
    let reload = try notify.receive(until: { $0.contains("READY=1") })
    #expect(reload.contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") })

    #expect(daemon.stop() == 0)
    #expect(try notify.receive(until: { $0.contains("STOPPING=1") }).isEmpty == false)
  }

  @Test func itServesTheSocketSystemdPasses() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    let activate = Process()
    activate.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
    activate.arguments =
      ["-l", daemon.socketPath, "--fdname=api", "-E", "SWIFT_BACKTRACE=enable=no", DaemonProcess.binary]
      + daemon.arguments.filter { $0 != "--socket" && $0 != daemon.socketPath }
    activate.standardError = FileHandle.nullDevice
    activate.standardOutput = FileHandle.nullDevice
    try activate.run()
    defer {
      kill(activate.processIdentifier, SIGTERM)
      activate.waitUntilExit()
    }
    try daemon.waitUntilReady()
    let client = daemon.client()
    let id = try #require(try client.submit(.gpu()).jobIds.first)
    #expect(try client.job(id).state == .pending)
    kill(activate.processIdentifier, SIGTERM)
    activate.waitUntilExit()
    // An inherited socket is systemd's: the daemon leaves its path alone.
    #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
  }
}

/// A Unix datagram socket standing in for systemd's notification socket.
final class DatagramSocket {
  let path: String
  private let fd: Int32

  init() throws {
    path = NSTemporaryDirectory() + "notify-\(UUID().uuidString.prefix(8)).sock"
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      let bytes = Array(path.utf8)
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0 else { throw TestFailure("cannot bind \(path)") }
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit {
    close(fd)
    unlink(path)
  }

  /// Datagrams received until one satisfies `done` (included), or none left within 60 s.
  func receive(until done: (String) -> Bool) throws -> [String] {
    var messages: [String] = []
    let deadline = Date().addingTimeInterval(60)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { continue }
      let message = String(decoding: buffer[..<count], as: UTF8.self)
      messages.append(message)
      if done(message) { return messages }
    }
    throw TestFailure("no matching notification; got \(messages)")
  }
}
