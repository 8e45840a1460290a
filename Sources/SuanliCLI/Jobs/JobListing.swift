internal import SuanliAPI

/// A query of `GET /v1/jobs`, fetched page by page (`after=`) until done or `limit` jobs.
struct JobListing {
  /// States as the API takes them (`pending`, `all`, …); empty for the daemon's default (jobs not yet ended).
  var states: [String] = []
  var enterprise: String?
  var user: String?
  var limit: Int?
  var withPriority = false

  /// Jobs per request: large pages keep a 10,000-job queue to one round trip.
  static let pageSize = 10_000

  /// The query string for a page of at most `pageLimit` jobs after job `after`.
  func query(after: UInt64, pageLimit: Int = pageSize) -> String {
    var parts: [String] = []
    if !states.isEmpty { parts.append("state=" + states.joined(separator: ",")) }
    if let enterprise { parts.append("enterprise=" + Self.escape(enterprise)) }
    if let user { parts.append("user=" + Self.escape(user)) }
    if withPriority { parts.append("priority=true") }
    if after > 0 { parts.append("after=\(after)") }
    parts.append("limit=\(max(1, min(pageLimit, Self.pageSize)))")
    return parts.joined(separator: "&")
  }

  func fetch(with client: CLIClient) throws(CLIError) -> [JobInfo] {
    var jobs: [JobInfo] = []
    var after: UInt64 = 0
    while true {
      let wanted = limit.map { $0 - jobs.count } ?? Self.pageSize
      let answer = try client.call(
        "GET", "/v1/jobs?" + query(after: after, pageLimit: wanted), as: JobList.self)
      jobs += answer.jobs
      if let limit, jobs.count >= limit { return Array(jobs.prefix(limit)) }
      guard let next = answer.nextAfter, !answer.jobs.isEmpty else { return jobs }
      after = next
    }
  }

  /// Percent-encodes a query value (names are plain, but a user may type anything).
  static func escape(_ value: String) -> String {
    var text = ""
    for byte in value.utf8 {
      let plain =
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || "-._~".utf8.contains(byte)
      text += plain ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }
    return text
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
