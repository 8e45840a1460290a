internal import Foundation
internal import SuanliAPI

/// Follows jobs until they end (`submit --wait`): polls about every second and reports each change of state
/// (or of the reason a job waits) as one line.
struct JobWaiter {
  var client: CLIClient
  var ids: [UInt64]
  var report: (String) -> Void
  var interval: TimeInterval = 1

  /// The jobs once all of them have ended.
  func waitUntilEnded() throws(CLIError) -> [JobInfo] {
    var seen: [UInt64: String] = [:]
    while true {
      let jobs = try poll()
      for job in jobs {
        let line = JobCells.stateLine(job)
        let key = "\(job.state.rawValue) \(job.reason?.code ?? "") \(job.placement?.nodes.count ?? 0)"
        if seen[job.id] != key {
          seen[job.id] = key
          report("job \(job.displayID): \(line)")
        }
      }
      if !jobs.isEmpty, jobs.allSatisfy(Self.hasEnded) { return jobs }
      Thread.sleep(forTimeInterval: interval)
    }
  }

  /// One job by its own endpoint; an array's jobs (consecutive ids) with one listing.
  private func poll() throws(CLIError) -> [JobInfo] {
    guard ids.count > 1, let first = ids.min(), let last = ids.max() else {
      return try ids.map { id throws(CLIError) in try client.call("GET", "/v1/jobs/\(id)", as: JobInfo.self) }
    }
    let wanted = Set(ids)
    let listing = JobListing(states: ["all"])
    var jobs: [JobInfo] = []
    var after = first - 1
    while jobs.count < wanted.count {
      let query = listing.query(after: after, pageLimit: Int(last - after))
      let page = try client.call("GET", "/v1/jobs?" + query, as: JobList.self)
      jobs += page.jobs.filter { wanted.contains($0.id) }
      guard let next = page.nextAfter, next < last else { break }
      after = next
    }
    return jobs
  }

  /// Ended for good: a preempted job that goes back to the queue has not.
  static func hasEnded(_ job: JobInfo) -> Bool {
    job.state == .preempted ? !job.requeue : job.state.isFinal
  }

  /// The job's own exit code when it has one (the highest of several jobs), 0 for success without one, and 1
  /// for any other end (failed without a code, cancelled, timeout, node failure, preempted).
  static func exitCode(of jobs: [JobInfo]) -> Int32 {
    jobs.map { job -> Int32 in
      let own = job.exitCode.map { Int32($0 & 0xFF) }
      if job.state == .succeeded { return own ?? 0 }
      return own.flatMap { $0 == 0 ? nil : $0 } ?? 1
    }.max() ?? 0
  }
}
