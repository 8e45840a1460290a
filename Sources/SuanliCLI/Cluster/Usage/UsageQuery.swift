internal import ArgumentParser

/// What a usage report is grouped by, besides the enterprise.
enum UsageGrouping: String, CaseIterable, ExpressibleByArgument, Sendable {
  case enterprise
  case model
  case user
  case day

  /// The column header of the key in tables and CSV; nil when the enterprise column is the key.
  var column: String? { self == .enterprise ? nil : rawValue }
}

/// A `GET /v1/usage` request: the period in Unix seconds, an enterprise, the grouping.
struct UsageQuery: Equatable {
  var since: Int64?
  var until: Int64?
  var enterprise: String?
  var by: UsageGrouping = .enterprise

  /// The API target, e.g. `/v1/usage?by=model&since=1761955200`.
  var target: String {
    let query = ClusterPath.query([
      ("by", by.rawValue), ("since", since.map(String.init)), ("until", until.map(String.init)),
      ("enterprise", enterprise),
    ])
    return "/v1/usage?" + query
  }
}
