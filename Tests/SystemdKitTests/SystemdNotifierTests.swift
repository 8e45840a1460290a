import Glibc
import SystemdKit
import Testing

extension ProcessEnvironmentTests {
  /// sd_notify against a real datagram socket standing in for systemd's, read back byte for byte.
  @Suite struct SystemdNotifierTests {
    @Test func sendsEachStateAsOneDatagram() throws {
      let directory = try TemporaryDirectory()
      let socketPath = directory.file("notify")
      let systemd = try UnixSocket.datagram(boundAt: socketPath)
      systemd.setReceiveTimeout(seconds: 10)

      try withEnvironment(["NOTIFY_SOCKET": socketPath]) {
        let notifier = SystemdNotifier()
        #expect(notifier.isEnabled)

        #expect(notifier.ready() == .sent)
        #expect(systemd.receive() == "READY=1")
        #expect(notifier.ready(status: "3 jobs pending") == .sent)
        #expect(systemd.receive() == "READY=1\nSTATUS=3 jobs pending")
        #expect(notifier.status("draining\nnode n1") == .sent)
        #expect(systemd.receive() == "STATUS=draining node n1")
        #expect(notifier.watchdog() == .sent)
        #expect(systemd.receive() == "WATCHDOG=1")
        #expect(notifier.stopping() == .sent)
        #expect(systemd.receive() == "STOPPING=1")
        #expect(notifier.stopping(status: "shutting down") == .sent)
        #expect(systemd.receive() == "STOPPING=1\nSTATUS=shutting down")

        let before = monotonicMicroseconds()
        #expect(notifier.reloading() == .sent)
        let after = monotonicMicroseconds()
        let lines = try #require(systemd.receive()).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last?.split(separator: "=", maxSplits: 1))
        #expect(stamp.first == "MONOTONIC_USEC")
        let microseconds = try #require(UInt64(stamp.last ?? ""))
        #expect((before...after).contains(microseconds))

        #expect(environmentValue("NOTIFY_SOCKET") == socketPath, "the environment is kept for later calls")
      }
    }

    @Test func isANoOpOutsideSystemd() {
      withEnvironment(["NOTIFY_SOCKET": nil]) {
        let notifier = SystemdNotifier()
        #expect(!notifier.isEnabled)
        #expect(notifier.ready(status: "up") == .notUnderSystemd)
        #expect(notifier.watchdog() == .notUnderSystemd)
        #expect(notifier.reloading() == .notUnderSystemd)
        #expect(notifier.stopping() == .notUnderSystemd)
      }
    }

    @Test func reportsAnErrorWhenNoSocketListens() throws {
      let directory = try TemporaryDirectory()
      withEnvironment(["NOTIFY_SOCKET": directory.file("nobody")]) {
        #expect(SystemdNotifier().ready() == .failed(errno: ENOENT))
      }
    }

    private func monotonicMicroseconds() -> UInt64 {
      var now = timespec()
      clock_gettime(CLOCK_MONOTONIC, &now)
      return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
  }
}
