internal import Foundation
internal import SuanliAPI
internal import SuanliCore

/// Sums usage stretches into report rows, per enterprise and per model, user or day.
enum UsageAggregation {
  static func rows(_ records: [UsageRecord], by: String) -> [UsageRow] {
    struct Key: Hashable {
      var enterprise: String
      var key: String
    }
    var sums:
      [Key: (jobs: Set<Int64>, cardSeconds: Int64, cpuMilliSeconds: Int64, charged: Int64, runs: Int, wait: Int64)] =
        [:]
    for record in records {
      let key = Key(enterprise: record.enterprise, key: self.key(of: record, by: by))
      var sum = sums[key] ?? ([], 0, 0, 0, 0, 0)
      sum.runs += 1
      sum.wait += record.waitSeconds
      sum.jobs.insert(record.job)
      sum.cardSeconds += record.cardSeconds
      sum.cpuMilliSeconds += record.cpuMilliSeconds
      sum.charged += record.chargedMillis
      sums[key] = sum
    }
    return sums.keys.sorted { ($0.enterprise, $0.key) < ($1.enterprise, $1.key) }.map { key in
      let sum = sums[key]!
      return UsageRow(
        enterprise: key.enterprise, key: key.key, jobs: sum.jobs.count, cardHours: Double(sum.cardSeconds) / 3600,
        coreHours: Double(sum.cpuMilliSeconds) / 3_600_000, credits: Credits(millis: sum.charged).description,
        runs: sum.runs, waitSeconds: sum.wait)
    }
  }

  private static func key(of record: UsageRecord, by: String) -> String {
    switch by {
    case "model": record.model ?? "cpu"
    case "user": record.user
    case "day": UTCTime.day(of: record.end)
    default: record.enterprise
    }
  }
}
