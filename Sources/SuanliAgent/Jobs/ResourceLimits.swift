public import SuanliAPI

/// A job's memory and CPU request on this node, in the units the kernel (cgroups, rlimits) and systemd take.
public struct ResourceLimits: Sendable, Hashable {
  /// The CPU bandwidth period: quotas are micro-seconds of CPU time per this many micro-seconds.
  public static let periodMicros = 100_000

  public var memoryMiB: Int
  public var cpuMillis: Int
  /// Whether the job has accelerator cards: their drivers map far more address space than memory, so an
  /// address-space limit (the fallback without cgroups) would break them.
  public var usesCards: Bool

  public init(memoryMiB: Int, cpuMillis: Int, usesCards: Bool) {
    self.memoryMiB = memoryMiB
    self.cpuMillis = cpuMillis
    self.usesCards = usesCards
  }

  public init(_ assignment: Assignment) {
    self.init(memoryMiB: assignment.memoryMib, cpuMillis: assignment.cpuMillis, usesCards: !assignment.cards.isEmpty)
  }

  /// No memory limit when the request is 0.
  public var memoryBytes: UInt64? { memoryMiB > 0 ? UInt64(memoryMiB) * 1_048_576 : nil }

  /// CPU time per period: 1000 millicores is one whole CPU, the period's length. The kernel's minimum is 1 ms.
  /// No limit when the request is 0.
  public var cpuQuotaMicros: Int? { cpuMillis > 0 ? max(1000, cpuMillis * 100) : nil }

  /// systemd's `CPUQuota=`: percent of one CPU (`250%` for 2.5 CPUs), at least 1%.
  public var cpuQuotaPercent: String? { cpuMillis > 0 ? "\(max(1, cpuMillis / 10))%" : nil }

  /// systemd properties for a transient unit.
  public var unitProperties: [String] {
    (memoryBytes.map { ["MemoryMax=\($0)"] } ?? []) + (cpuQuotaPercent.map { ["CPUQuota=\($0)"] } ?? [])
  }

  /// The address-space limit of a job run without cgroups: its memory request, unless it uses cards.
  public var addressSpaceBytes: UInt64? { usesCards ? nil : memoryBytes }
}
