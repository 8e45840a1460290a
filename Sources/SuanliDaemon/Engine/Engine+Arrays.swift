internal import SuanliAPI
internal import SuanliCore

/// Arrays with `max_running` (`--array 0-99%10`): jobs beyond the limit wait held in the core (state pending,
/// reason `array_limit`) and are released one by one, lowest index first, as earlier ones end.
extension Engine {
  /// Releases waiting jobs of these arrays while fewer than their limit are pending or running.
  func refill(_ arrays: Set<Int64>, at now: Int64) {
    for array in arrays.sorted() {
      let rows = (arrayMembers[array] ?? []).compactMap { jobs[$0] }
      guard let limit = rows.first?.arrayLimit else { continue }
      let active: Set<String> = ["pending", "starting", "running"]
      var running = rows.filter { !$0.throttled && active.contains($0.state) }.count
      let waiting = rows.filter { $0.throttled && $0.state == JobStateName.pending.rawValue }.sorted { $0.id < $1.id }
      for var row in waiting where running < limit {
        guard (try? core.handle(.release(JobID(UInt64(row.id))), at: now)) != nil else { continue }
        row.throttled = false
        record(job: row)
        record(event: "released", job: row.id, at: now, detail: "array \(array) below its limit of \(limit)")
        running += 1
      }
    }
  }

  /// Puts a restored row back into the daemon's records without queuing a write.
  func record(restored row: JobRow) {
    jobs[row.id] = row
    if let array = row.arrayJob, row.arrayLimit != nil { arrayMembers[array, default: []].insert(row.id) }
  }

  /// The pending reason of a job waiting for its array's limit.
  static func arrayLimitReason(_ row: JobRow) -> PendingReasonInfo? {
    guard row.throttled, row.state == JobStateName.pending.rawValue, let limit = row.arrayLimit,
      let array = row.arrayJob
    else { return nil }
    return PendingReasonInfo(
      code: "array_limit", message: "array_limit: at most \(limit) jobs of array \(array) pending or running at once")
  }
}
