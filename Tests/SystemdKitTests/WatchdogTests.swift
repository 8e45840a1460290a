import Glibc
import SystemdKit
import Testing

extension ProcessEnvironmentTests {
  /// `sd_watchdog_enabled` as systemd sets it up: `WATCHDOG_USEC`, and `WATCHDOG_PID` naming the service's process.
  @Suite struct WatchdogTests {
    @Test func intervalComesFromWatchdogUsec() {
      withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": String(getpid())]) {
        let notifier = SystemdNotifier()
        #expect(notifier.watchdogInterval == .seconds(2))
        #expect(notifier.recommendedPingInterval == .seconds(1))
        #expect(environmentValue("WATCHDOG_USEC") == "2000000", "the environment is kept")
      }
    }

    @Test func intervalWithoutWatchdogPid() {
      withEnvironment(["WATCHDOG_USEC": "500000", "WATCHDOG_PID": nil]) {
        #expect(SystemdNotifier().watchdogInterval == .milliseconds(500))
      }
    }

    @Test func noIntervalWithoutWatchdogUsec() {
      withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
        let notifier = SystemdNotifier()
        #expect(notifier.watchdogInterval == nil)
        #expect(notifier.recommendedPingInterval == nil)
      }
    }

    @Test func noIntervalWhenTheWatchdogIsForAnotherProcess() {
      withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": String(getppid())]) {
        #expect(SystemdNotifier().watchdogInterval == nil)
      }
    }
  }
}
