/// Memory a node can give to jobs: `MemTotal` of `/proc/meminfo`, limited by its cgroup's `memory.max`.
public enum MemoryCapacity {
  /// `MemTotal` in MiB (`MemTotal:       16318412 kB`).
  public static func totalMiB(meminfo: String) -> Int64? {
    for line in meminfo.split(separator: "\n") where line.hasPrefix("MemTotal:") {
      let fields = line.dropFirst("MemTotal:".count).split(separator: " ")
      guard let value = fields.first.flatMap({ Int64($0) }) else { return nil }
      let unit = fields.count > 1 ? fields[1].lowercased() : "kb"
      return unit == "kb" ? value / 1024 : value / (1024 * 1024)
    }
    return nil
  }

  /// A cgroup v2 `memory.max` in MiB; nil for `max` (no limit).
  public static func limitMiB(memoryMax: String) -> Int64? {
    Int64(memoryMax.trimmingWhitespace()).map { $0 / (1024 * 1024) }
  }
}
