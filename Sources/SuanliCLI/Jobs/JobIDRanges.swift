/// Job ids written compactly: `42-141`, `42,44,50-52`.
enum JobIDRanges {
  static func describe(_ ids: [UInt64]) -> String {
    var parts: [String] = []
    var index = 0
    let sorted = ids.sorted()
    while index < sorted.count {
      var end = index
      while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
      parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
      index = end + 1
    }
    return parts.joined(separator: ",")
  }
}
