internal import Logging
internal import ServiceLifecycle
internal import SystemdKit
internal import UnixSignals

/// Runs a scheduling cycle whenever something changed, and at least every `tick`; after each cycle pings the
/// systemd watchdog when `WatchdogSec=` enables it (a stuck loop stops the pings and gets the daemon restarted),
/// and refreshes `STATUS=`.
struct SchedulerLoop: Service {
  let engine: Engine
  let notifier: SystemdNotifier
  let logger: Logger
  var tick: Duration = .seconds(1)
  /// How often `STATUS=` is refreshed (it counts the queue).
  var statusInterval: Duration = .seconds(2)

  func run() async throws {
    let signal = engine.cycleSignal
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        while !Task.isCancelled {
          try await Task.sleep(for: tick)
          signal.request()
        }
      }
      group.addTask {
        let clock = ContinuousClock()
        var statusDue = clock.now
        for await _ in signal.stream.cancelOnGracefulShutdown() {
          try await engine.runCycle()
          if notifier.watchdogInterval != nil { notifier.watchdog() }
          if clock.now >= statusDue {
            notifier.status(await engine.statusLine())
            statusDue = clock.now + statusInterval
          }
        }
      }
      try await group.next()
      group.cancelAll()
    }
  }
}

/// Declares nodes down when their agents fall silent.
struct HeartbeatMonitor: Service {
  let engine: Engine
  let interval: Duration

  func run() async throws {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
      try await engine.checkHeartbeats()
      try? await Task.sleep(for: interval)
    }
  }
}

/// Reloads the configuration on SIGHUP (`systemctl reload suanlid`).
struct HangupReloader: Service {
  let reloader: Reloader

  func run() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
      try? await reloader.reload()
    }
  }
}
