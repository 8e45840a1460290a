/// Mean, median and 99th percentile of a set of durations (seconds).
///
/// The median of an even count is the mean of the two middle values; the 99th percentile is the nearest
/// rank: the smallest value with at least 99% of the values at or below it.
public struct Distribution: Sendable, Hashable, Encodable {
  public var count: Int
  public var mean: Double
  public var median: Double
  public var p99: Double
  public var max: Double

  public init(_ values: [Int64]) {
    let sorted = values.sorted()
    count = sorted.count
    guard !sorted.isEmpty else {
      (mean, median, p99, max) = (0, 0, 0, 0)
      return
    }
    mean = Double(sorted.reduce(0, +)) / Double(sorted.count)
    let middle = sorted.count / 2
    median =
      sorted.count % 2 == 1 ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    p99 = Double(Self.nearestRank(sorted, percent: 99))
    max = Double(sorted[sorted.count - 1])
  }

  /// The smallest value with at least `percent`% of the values at or below it.
  static func nearestRank(_ sorted: [Int64], percent: Int) -> Int64 {
    let rank = (percent * sorted.count + 99) / 100
    return sorted[Swift.max(0, rank - 1)]
  }

  enum CodingKeys: String, CodingKey { case count, mean, median, p99, max }
}

/// Completion time and queueing delay of a group of jobs.
public struct JobTimes: Sendable, Hashable, Encodable {
  public var completion: Distribution
  public var wait: Distribution

  public init(completion: [Int64], wait: [Int64]) {
    self.completion = Distribution(completion)
    self.wait = Distribution(wait)
  }
}

/// Jain's fairness index of `values`: (Σx)² / (n Σx²), 1 when all are equal, 1/n when one takes all.
public func jainIndex(_ values: [Double]) -> Double {
  let sum = values.reduce(0, +)
  let squares = values.reduce(0) { $0 + $1 * $1 }
  guard !values.isEmpty, squares > 0 else { return 1 }
  return sum * sum / (Double(values.count) * squares)
}
