public import Logging
public import ServiceLifecycle
import SuanliAPI
import SuanliClient
import SystemdKit

/// The agent's long-running work as a `Service`: register, heartbeat, long-poll the assignments and reconcile,
/// deliver reports; reconnect with backoff while the daemon is unreachable. Graceful shutdown stops the loops
/// and leaves the jobs running (a restarted agent re-adopts them).
public struct AgentService: Service {
  public let agent: Agent
  let logger: Logger
  let poller: DaemonChannel
  /// Seconds a long poll may wait for a change.
  let pollWait = 30

  public init(agent: Agent, daemon: DaemonEndpoint, logger: Logger) {
    self.agent = agent
    self.logger = logger
    poller = DaemonChannel(endpoint: daemon, label: "poll", timeoutSeconds: pollWait + 30)
  }

  public func run() async throws {
    try await agent.adoptJobs()
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        group.addTask { await self.heartbeatLoop() }
        group.addTask { await self.assignmentLoop() }
      }
    }
    logger.info("agent stopping; jobs keep running", metadata: [LogKey.node: "\(agent.config.node)"])
  }

  /// Registers when needed, then heartbeats every interval and retries undelivered reports.
  func heartbeatLoop() async {
    var backoff = Backoff()
    while !Task.isCancelled {
      do {
        if await !agent.isRegistered { try await agent.register() }
        try await agent.heartbeat()
        await agent.flushReports()
        backoff.succeeded(logger: logger, what: "suanlid")
        try await Task.sleep(for: .seconds(await agent.interval))
      } catch ClientError.api(let status, let error) where status == 404 || status == 409 {
        await agent.forgetRegistration(error.message)
      } catch is CancellationError {
        return
      } catch {
        await backoff.failed(logger: logger, socket: poller.socketPath, error: error)
      }
    }
  }

  /// Waits for new assignments and reconciles; starts again from version 0 after each registration.
  func assignmentLoop() async {
    var backoff = Backoff()
    var version: UInt64 = 0
    var seenRegistration = 0
    let node = agent.config.node
    while !Task.isCancelled {
      do {
        guard await agent.isRegistered else {
          try await Task.sleep(for: .milliseconds(100))
          continue
        }
        let registration = await agent.registration
        if registration != seenRegistration {
          seenRegistration = registration
          version = 0
        }
        let target = "/v1/agent/assignments?node=\(Self.percentEncoded(node))&version=\(version)&wait=\(pollWait)"
        let assignments = try await poller.call { client throws(ClientError) in
          try client.call("GET", target, as: Assignments.self)
        }
        version = assignments.version
        await agent.reconcile(assignments.jobs)
        backoff.reset()
      } catch ClientError.api(let status, let error) where status == 404 || status == 409 {
        await agent.forgetRegistration(error.message)
      } catch is CancellationError {
        return
      } catch {
        // A restarted daemon may count versions from scratch: ask for the full list again.
        version = 0
        await backoff.failed(logger: logger, socket: poller.socketPath, error: error)
      }
    }
  }

  /// A node name in a query string.
  static func percentEncoded(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      let character = Character(Unicode.Scalar(byte))
      if byte < 128, character.isLetter || character.isNumber || "-._~".contains(character) {
        result.append(character)
      } else {
        result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      }
    }
    return result
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
