internal import GRDB

/// The database schema, as migrations: add a migration, never edit a shipped one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    registerV1(&migrator)
    migrator.registerMigration("v2: usage wait") { db in
      try db.alter(table: "usage") { t in t.add(column: "waitSeconds", .integer).notNull().defaults(to: 0) }
    }
    migrator.registerMigration("v3: node tokens") { db in
      // Remote agents' tokens: only their SHA-256 is kept.
      try db.create(table: "node_token") { t in
        t.primaryKey("node", .text)
        t.column("sha256", .blob).notNull()
        t.column("created", .integer).notNull()
      }
    }
    return migrator
  }

  private static func registerV1(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v1") { db in
      try db.create(table: "job") { t in
        t.primaryKey("id", .integer)
        t.column("name", .text).notNull()
        t.column("enterprise", .text).notNull()
        t.column("uid", .integer).notNull()
        t.column("gid", .integer).notNull()
        t.column("user", .text).notNull()
        t.column("command", .jsonText).notNull()
        t.column("env", .jsonText).notNull()
        t.column("workdir", .text).notNull()
        t.column("cpuMillis", .integer).notNull()
        t.column("memoryMib", .integer).notNull()
        t.column("cards", .integer).notNull()
        t.column("models", .jsonText).notNull()
        t.column("nodes", .integer).notNull()
        t.column("selector", .jsonText).notNull()
        t.column("walltime", .integer).notNull()
        t.column("jobClass", .text).notNull()
        t.column("requeue", .boolean).notNull()
        t.column("arrayJob", .integer)
        t.column("arrayIndex", .integer)
        t.column("submitTime", .integer).notNull()
        t.column("state", .text).notNull()
        t.column("startTime", .integer)
        t.column("endTime", .integer)
        t.column("placement", .jsonText)
        t.column("exitCode", .integer)
        t.column("signal", .integer)
        t.column("heldMillis", .integer).notNull()
        t.column("chargedMillis", .integer).notNull()
        t.column("requeues", .integer).notNull()
        t.column("arrayLimit", .integer)
        t.column("throttled", .boolean).notNull()
        t.column("logPath", .text)
      }
      try db.create(index: "job_by_state", on: "job", columns: ["state", "id"])
      try db.create(index: "job_by_enterprise", on: "job", columns: ["enterprise", "id"])
      try db.create(table: "node") { t in
        t.primaryKey("name", .text)
        t.column("labels", .jsonText).notNull()
        t.column("cpuMillis", .integer).notNull()
        t.column("memoryMib", .integer).notNull()
        t.column("model", .text)
        t.column("cards", .integer).notNull()
        t.column("state", .text).notNull()
        t.column("stateReason", .text)
        t.column("lastHeartbeat", .integer).notNull()
      }
      try db.create(table: "ledger") { t in
        t.autoIncrementedPrimaryKey("seq")
        t.column("time", .integer).notNull()
        t.column("enterprise", .text).notNull()
        t.column("job", .integer)
        t.column("kind", .text).notNull()
        t.column("amountMillis", .integer).notNull()
        t.column("balanceMillis", .integer).notNull()
        t.column("availableMillis", .integer).notNull()
        t.column("note", .text)
      }
      try db.create(index: "ledger_by_enterprise", on: "ledger", columns: ["enterprise", "seq"])
      try db.create(table: "usage") { t in
        t.column("job", .integer).notNull()
        t.column("enterprise", .text).notNull()
        t.column("user", .text).notNull()
        t.column("model", .text)
        t.column("start", .integer).notNull()
        t.column("end", .integer).notNull()
        t.column("cardSeconds", .integer).notNull()
        t.column("cpuMilliSeconds", .integer).notNull()
        t.column("chargedMillis", .integer).notNull()
      }
      try db.create(index: "usage_by_end", on: "usage", columns: ["end"])
      try db.create(table: "enterprise_state") { t in
        t.primaryKey("id", .text)
        t.column("balanceMillis", .integer).notNull()
        t.column("decayedUsage", .double).notNull()
      }
      try db.create(table: "job_event") { t in
        t.autoIncrementedPrimaryKey("seq")
        t.column("job", .integer).notNull()
        t.column("time", .integer).notNull()
        t.column("event", .text).notNull()
        t.column("detail", .text)
      }
      try db.create(index: "job_event_by_job", on: "job_event", columns: ["job", "seq"])
    }
  }
}
