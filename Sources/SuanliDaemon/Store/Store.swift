internal import Foundation
internal import GRDB

/// The daemon's durable state: an SQLite database (WAL) in the state directory.
///
/// Writes come in batches (`WriteBatch`) that commit in one transaction: concurrent requests share a commit.
/// A request is answered only once its batch committed.
final class Store: Sendable {
  let pool: DatabasePool
  let path: String

  init(directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    path = (directory as NSString).appendingPathComponent("suanli.db")
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      // FULL: a commit survives power loss, not only a killed process.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    pool = try DatabasePool(path: path, configuration: configuration)
    try Schema.migrator.migrate(pool)
  }

  /// Commits a batch in one transaction.
  func write(_ batch: WriteBatch) async throws {
    try await pool.write { db in
      let jobs = try db.cachedStatement(sql: JobRow.replaceSQL)
      for job in batch.jobs.values { try job.replace(with: jobs) }
      for node in batch.nodes.values { try node.upsert(db) }
      for enterprise in batch.enterprises.values { try enterprise.upsert(db) }
      for entry in batch.ledger { try entry.insert(db) }
      for record in batch.usage { try record.insert(db) }
      let events = try db.cachedStatement(sql: JobEventRow.insertSQL)
      for event in batch.events { try events.execute(arguments: [event.job, event.time, event.event, event.detail]) }
    }
  }

  /// What a starting daemon restores: jobs not yet ended, nodes, ledgers, and the next job id.
  struct Snapshot: Sendable {
    var jobs: [JobRow]
    var nodes: [NodeRow]
    var enterprises: [EnterpriseStateRow]
    var nextJobID: Int64
  }

  func load() throws -> Snapshot {
    try pool.read { db in
      let active = ["pending", "held", "starting", "running"]
      let jobs = try JobRow.filter(active.contains(Column("state"))).order(Column("id")).fetchAll(db)
      let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM job") ?? 0
      return Snapshot(
        jobs: jobs, nodes: try NodeRow.order(Column("name")).fetchAll(db),
        enterprises: try EnterpriseStateRow.fetchAll(db), nextJobID: maxID + 1)
    }
  }

  func job(_ id: Int64) throws -> JobRow? {
    try pool.read { db in try JobRow.fetchOne(db, key: id) }
  }

  /// Jobs in the given states (all when empty), by id, after `after`, at most `limit`.
  func jobs(states: [String], enterprise: String?, user: String?, after: Int64, limit: Int) throws -> [JobRow] {
    try pool.read { db in
      var request = JobRow.filter(Column("id") > after)
      if !states.isEmpty { request = request.filter(states.contains(Column("state"))) }
      if let enterprise { request = request.filter(Column("enterprise") == enterprise) }
      if let user { request = request.filter(Column("user") == user) }
      return try request.order(Column("id")).limit(limit).fetchAll(db)
    }
  }

  func timeline(of job: Int64) throws -> [JobEventRow] {
    try pool.read { db in try JobEventRow.filter(Column("job") == job).order(Column("seq")).fetchAll(db) }
  }

  /// The most recent ledger entries of an enterprise, newest first.
  func ledger(of enterprise: String, limit: Int) throws -> [LedgerRow] {
    try pool.read { db in
      try LedgerRow.filter(Column("enterprise") == enterprise).order(Column("seq").desc).limit(limit).fetchAll(db)
    }
  }

  /// Usage stretches that ended within `since..<until`, for one enterprise or all.
  func usage(since: Int64?, until: Int64?, enterprise: String?) throws -> [UsageRecord] {
    try pool.read { db in
      var request = UsageRecord.all()
      if let since { request = request.filter(Column("end") >= since) }
      if let until { request = request.filter(Column("end") < until) }
      if let enterprise { request = request.filter(Column("enterprise") == enterprise) }
      return try request.fetchAll(db)
    }
  }

  /// `PRAGMA integrity_check`: "ok" when the file is sound.
  func integrityCheck() throws -> String {
    try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
  }
}
