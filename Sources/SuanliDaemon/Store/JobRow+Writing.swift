internal import GRDB
internal import GRDBSQLite

/// Writing a job row: one cached statement, values bound straight through SQLite's C API. This is the hot path
/// of every submission (a batch of 1,000 jobs writes 1,000 rows), where building GRDB's `StatementArguments`
/// cost more than SQLite itself.
extension JobRow {
  static let columns = [
    "id", "name", "enterprise", "uid", "gid", "user", "command", "env", "workdir", "cpuMillis", "memoryMib", "cards",
    "models", "nodes", "selector", "walltime", "jobClass", "requeue", "arrayJob", "arrayIndex", "submitTime", "state",
    "startTime", "endTime", "placement", "exitCode", "signal", "heldMillis", "chargedMillis", "requeues",
    "arrayLimit", "throttled", "logPath",
  ]

  static let replaceSQL =
    "INSERT OR REPLACE INTO job (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"

  /// Binds this row to `statement` (prepared from `replaceSQL`) and runs it.
  func replace(with statement: Statement) throws {
    var binder = Binder(statement.sqliteStatement)
    binder.bind(id)
    binder.bind(name)
    binder.bind(enterprise)
    binder.bind(Int64(uid))
    binder.bind(Int64(gid))
    binder.bind(user)
    binder.bind(JSONText.array(command))
    binder.bind(JSONText.object(env))
    binder.bind(workdir)
    binder.bind(Int64(cpuMillis))
    binder.bind(Int64(memoryMib))
    binder.bind(Int64(cards))
    binder.bind(JSONText.array(models))
    binder.bind(Int64(nodes))
    binder.bind(JSONText.object(selector))
    binder.bind(walltime)
    binder.bind(jobClass)
    binder.bind(requeue ? 1 : 0)
    binder.bind(arrayJob)
    binder.bind(arrayIndex.map(Int64.init))
    binder.bind(submitTime)
    binder.bind(state)
    binder.bind(startTime)
    binder.bind(endTime)
    binder.bind(placement.map(JSONText.placement))
    binder.bind(exitCode.map(Int64.init))
    binder.bind(signal.map(Int64.init))
    binder.bind(heldMillis)
    binder.bind(chargedMillis)
    binder.bind(Int64(requeues))
    binder.bind(arrayLimit.map(Int64.init))
    binder.bind(throttled ? 1 : 0)
    binder.bind(logPath)
    try binder.run()
  }
}

/// Binds values to a prepared statement in order, then steps it once.
private struct Binder {
  let statement: OpaquePointer
  var index: Int32 = 1
  /// SQLite copies the text (SQLITE_TRANSIENT; the C macro does not import).
  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ statement: OpaquePointer) {
    self.statement = statement
    sqlite3_reset(statement)
  }

  mutating func bind(_ value: Int64?) {
    if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    index += 1
  }

  mutating func bind(_ value: String?) {
    if let value {
      sqlite3_bind_text(statement, index, value, -1, Self.transient)
    } else {
      sqlite3_bind_null(statement, index)
    }
    index += 1
  }

  func run() throws {
    let code = sqlite3_step(statement)
    defer { sqlite3_reset(statement) }
    guard code == SQLITE_DONE else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))
    }
  }
}

extension JobEventRow {
  static let insertSQL = "INSERT INTO job_event (job, time, event, detail) VALUES (?, ?, ?, ?)"
}
