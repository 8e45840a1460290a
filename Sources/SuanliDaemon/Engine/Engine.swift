internal import Glibc
internal import Logging
internal import SuanliAPI
internal import SuanliConfig
internal import SuanliCore
internal import SystemdKit

/// The daemon's state and the one place it changes.
///
/// Every request and every scheduling cycle runs on this actor: it applies events to the pure core
/// (`SuanliCore.Scheduler`), keeps the daemon's own records of jobs and nodes, and queues each change for the
/// next group commit. A request that changed something is answered only once its change is durable
/// (`durable()`); log entries of what happened are written once it is, so the journal never tells of
/// something a restart would undo.
actor Engine {
  let store: Store
  let logger: Logger
  let clock: @Sendable () -> Int64
  let startedAt: Int64
  var config: DaemonConfig
  /// Who callers are, under the configuration in force (used by request handlers off the actor).
  let callers: Callers
  /// Remote agents' node tokens (digests), checked by request handlers off the actor.
  let nodeTokens: NodeTokens
  var core: Scheduler

  /// Jobs not yet ended, by id.
  var jobs: [Int64: JobRow] = [:]
  var nodes: [String: NodeRow] = [:]
  /// Jobs starting or running on each node.
  var jobsOnNode: [String: Set<Int64>] = [:]
  /// Last heartbeat per node, kept in memory only (a restart gives every node a fresh grace period).
  var lastHeartbeat: [String: Int64] = [:]
  /// The nodes of running multi-node jobs whose processes already succeeded: such a job succeeds when all of
  /// its nodes have (it fails as soon as one fails).
  var gangSucceeded: [Int64: Set<String>] = [:]
  /// When requeued jobs went back to the queue: their next run's wait counts from there.
  var requeuedAt: [Int64: Int64] = [:]
  /// What the agent said about how a job ended ("out of memory: …"), until the ending is recorded.
  var endMessages: [Int64: String] = [:]
  var nextJobID: Int64
  /// Jobs not yet ended of each array that has a `max_running` limit.
  var arrayMembers: [Int64: Set<Int64>] = [:]
  /// Enterprises whose available credits ran out (told to the journal once).
  var exhaustedEnterprises: Set<String> = []
  var lastTime: Int64 = 0

  var pending = WriteBatch()
  /// The batch being written, until its commit returns: queries meanwhile still see its timeline events.
  var committingEvents: [JobEventRow] = []
  var pendingLogs: [LogRecord] = []
  /// Nodes whose assignments changed: their agents are woken once the change is durable.
  var nodesToWake: Set<String> = []
  var commitWaiters: [CheckedContinuation<Void, any Error>] = []
  var committing = false

  /// Versions of each node's assignments, and the agents waiting for a new one.
  let board: AssignmentBoard
  let cycleSignal = CycleSignal()
  let logWriter: LogWriter
  let diskSpace: DiskSpace

  init(config: DaemonConfig, store: Store, logger: Logger, clock: @escaping @Sendable () -> Int64) throws {
    self.config = config
    self.store = store
    self.logger = logger
    self.clock = clock
    self.startedAt = clock()
    self.board = AssignmentBoard(startedAt: startedAt)
    self.logWriter = LogWriter(logger: logger)
    self.diskSpace = DiskSpace(directory: config.stateDirectory)
    self.callers = Callers(authorizer: Authorizer(config: config))
    self.nodeTokens = NodeTokens(try store.nodeTokens())
    self.core = try Scheduler(
      config: config.scheduler, prices: config.prices, enterprises: config.enterpriseSpecs)
    self.nextJobID = 1
  }

  /// The current time in seconds, never going backwards.
  func now() -> Int64 {
    lastTime = max(lastTime, clock())
    return lastTime
  }

  // MARK: - Group commit

  /// Waits until every change made so far is durable. Changes made by other requests meanwhile share the commit.
  func durable() async throws {
    if pending.isEmpty && pendingLogs.isEmpty && nodesToWake.isEmpty { return }
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      commitWaiters.append(continuation)
      if !committing {
        committing = true
        Task { await self.commitLoop() }
      }
    }
  }

  private func commitLoop() async {
    while !commitWaiters.isEmpty {
      let batch = pending
      let logs = pendingLogs
      let wake = nodesToWake
      let waiters = commitWaiters
      pending = WriteBatch()
      committingEvents = batch.events
      defer { committingEvents = [] }
      pendingLogs = []
      nodesToWake = []
      commitWaiters = []
      do {
        try await store.write(batch)
        logWriter.write(logs)
        for node in wake { board.bump(node) }
        for waiter in waiters { waiter.resume() }
      } catch {
        // The in-memory state is ahead of the database and cannot be trusted: stop, and let the restart
        // restore what is durable. Nothing unacknowledged is lost, since nothing was acknowledged.
        logger.critical(
          "cannot write the state database: \(error); stopping so that a restart restores the durable state",
          metadata: [LogKey.event: "state_write_failed"])
        for waiter in waiters { waiter.resume(throwing: error) }
        exit(70)  // EX_SOFTWARE: systemd restarts the daemon (Restart=on-failure)
      }
    }
    committing = false
  }

  // MARK: - Recording changes

  func record(job row: JobRow) {
    pending.jobs[row.id] = row
    let ended = JobStateName(rawValue: row.state)?.isFinal == true
    if ended { jobs[row.id] = nil } else { jobs[row.id] = row }
    if let array = row.arrayJob, row.arrayLimit != nil {
      if ended {
        arrayMembers[array]?.remove(row.id)
        if arrayMembers[array]?.isEmpty == true { arrayMembers[array] = nil }
      } else {
        arrayMembers[array, default: []].insert(row.id)
      }
    }
  }

  func record(node row: NodeRow) {
    nodes[row.name] = row
    pending.nodes[row.name] = row
  }

  func record(event: String, job: Int64, at time: Int64, detail: String? = nil) {
    pending.events.append(JobEventRow(seq: nil, job: job, time: time, event: event, detail: detail))
  }

  func log(_ record: LogRecord) { pendingLogs.append(record) }

  /// Snapshots an enterprise's ledger state (balance and decayed usage) for the next commit.
  func recordLedgerState(of enterprise: String) {
    guard let view = core.enterprise(enterprise) else { return }
    pending.enterprises[enterprise] = EnterpriseStateRow(
      id: enterprise, balanceMillis: view.balance.millis, decayedUsage: view.decayedUsage)
  }
}
