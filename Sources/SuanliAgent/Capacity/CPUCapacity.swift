/// CPUs a node can give to jobs: the CPUs this process may run on, limited by its cgroup's `cpu.max`.
public enum CPUCapacity {
  /// How many CPUs a list such as `0-3,8,10-11` names (`Cpus_allowed_list` in `/proc/self/status`); nil
  /// when the text is not such a list.
  public static func count(cpuList: String) -> Int? {
    var total = 0
    for range in cpuList.trimmingWhitespace().split(separator: ",") {
      let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
      guard let low = Int(bounds[0]) else { return nil }
      switch bounds.count {
      case 1: total += 1
      case 2:
        guard let high = Int(bounds[1]), high >= low else { return nil }
        total += high - low + 1
      default: return nil
      }
    }
    return total > 0 ? total : nil
  }

  /// The `Cpus_allowed_list` line of `/proc/self/status`.
  public static func allowedList(procStatus: String) -> String? {
    for line in procStatus.split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
      return String(line.dropFirst("Cpus_allowed_list:".count)).trimmingWhitespace()
    }
    return nil
  }

  /// Millicores allowed by a cgroup v2 `cpu.max` (`"200000 100000"` → 2000); nil for `max` (no limit) or text
  /// that is not a quota.
  public static func millicores(cpuMax: String) -> Int64? {
    let fields = cpuMax.trimmingWhitespace().split(separator: " ")
    guard fields.count == 2, let quota = Int64(fields[0]), let period = Int64(fields[1]), period > 0 else {
      return nil
    }
    return quota * 1000 / period
  }

  /// The node's CPU capacity: allowed CPUs, lowered to the smallest cgroup quota on the way to the root.
  public static func millicores(allowedCPUs: Int, cgroupQuotas: [Int64]) -> Int64 {
    ([Int64(allowedCPUs) * 1000] + cgroupQuotas).min() ?? 0
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces, tabs and newlines.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}
