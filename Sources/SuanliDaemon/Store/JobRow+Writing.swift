internal import GRDB

/// Writing a job row with one cached statement and plain arguments (the hot path of every submission).
extension JobRow {
  static let columns = [
    "id", "name", "enterprise", "uid", "gid", "user", "command", "env", "workdir", "cpuMillis", "memoryMib", "cards",
    "models", "nodes", "selector", "walltime", "jobClass", "requeue", "arrayJob", "arrayIndex", "submitTime", "state",
    "startTime", "endTime", "placement", "exitCode", "signal", "heldMillis", "chargedMillis", "requeues",
    "arrayLimit", "throttled",
  ]

  static let replaceSQL =
    "INSERT OR REPLACE INTO job (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"

  var replaceArguments: StatementArguments {
    let values: [(any DatabaseValueConvertible)?] = [
      id, name, enterprise, Int64(uid), Int64(gid), user, JSONText.array(command), JSONText.object(env), workdir,
      cpuMillis, memoryMib, cards, JSONText.array(models), nodes, JSONText.object(selector), walltime, jobClass,
      requeue, arrayJob, arrayIndex, submitTime, state, startTime, endTime, placement.map(JSONText.placement),
      exitCode, signal, heldMillis, chargedMillis, requeues, arrayLimit, throttled,
    ]
    return StatementArguments(values)
  }
}

extension JobEventRow {
  static let insertSQL = "INSERT INTO job_event (job, time, event, detail) VALUES (?, ?, ?, ?)"
}
