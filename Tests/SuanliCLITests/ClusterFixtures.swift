import Foundation
import SuanliAPI

/// Fixed wire values for the golden tables: a small platform at 2026-11-29T15:00:00Z.
enum ClusterFixtures {
  static let now: Int64 = 1_795_964_400
  static let utc = TimeZone(identifier: "UTC")!

  static var nodes: [NodeInfo] {
    var busy = NodeInfo(
      name: "gpu-a01", state: "ready", labels: ["site": "songshanhu", "zone": "a"], model: "nvidia-h200", cards: 8,
      cpuMillis: 64_000, memoryMib: 512 * 1024)
    busy.cardsUsed = 3
    busy.usedCardIndices = [2, 0, 1]
    busy.cpuMillisUsed = 12_000
    busy.memoryMibUsed = 64 * 1024
    busy.runningJobs = [13, 12]
    busy.lastHeartbeat = now - 3
    var drained = NodeInfo(
      name: "gpu-b07", state: "drained", labels: ["site": "qianhai"], model: "nvidia-a100", cards: 4,
      cpuMillis: 32_000, memoryMib: 256 * 1024)
    drained.stateReason = "disk swap"
    drained.lastHeartbeat = now - 125
    var down = NodeInfo(
      name: "npu-c02", state: "down", labels: ["site": "nanshan", "vendor": "huawei"], model: "ascend-910b", cards: 8,
      cpuMillis: 192_000, memoryMib: 1024 * 1024)
    down.stateReason = "no heartbeat for 1m"
    down.lastHeartbeat = now - 7_260
    var cpu = NodeInfo(
      name: "cpu-d11", state: "draining", labels: [:], model: nil, cards: 0, cpuMillis: 128_000,
      memoryMib: 256 * 1024)
    cpu.stateReason = "kernel update"
    cpu.cpuMillisUsed = 500
    cpu.memoryMibUsed = 1536
    cpu.runningJobs = [40]
    return [busy, drained, down, cpu]
  }

  static var enterprises: [EnterpriseInfo] {
    [
      EnterpriseInfo(
        id: "acme", name: "Acme Robotics",
        quota: [
          ResourceQuota(
            resource: "cpu", guaranteed: 64_000, limit: 512_000, inUse: 96_500, borrowed: 32_500, pendingDemand: 16_000),
          ResourceQuota(
            resource: "memory", guaranteed: 256 * 1024, limit: 2 * 1024 * 1024, inUse: 384 * 1024,
            borrowed: 128 * 1024, pendingDemand: 0),
          ResourceQuota(resource: "nvidia-a100", guaranteed: 0, limit: 8, inUse: 0, borrowed: 0, pendingDemand: 0),
          ResourceQuota(resource: "nvidia-h200", guaranteed: 8, limit: 16, inUse: 10, borrowed: 2, pendingDemand: 8),
        ], fairShareWeight: 2, fairShareFactor: 0.4375, boost: 0, balance: "1250.5", held: "120",
        available: "1130.5", pendingJobs: 3, runningJobs: 2),
      EnterpriseInfo(
        id: "beta", name: "beta",
        quota: [
          ResourceQuota(resource: "cpu", guaranteed: 0, limit: 512_000, inUse: 0, borrowed: 0, pendingDemand: 0),
          ResourceQuota(
            resource: "memory", guaranteed: 0, limit: 2 * 1024 * 1024, inUse: 0, borrowed: 0, pendingDemand: 0),
          ResourceQuota(resource: "nvidia-h200", guaranteed: 0, limit: 16, inUse: 0, borrowed: 0, pendingDemand: 0),
        ], fairShareWeight: 1, fairShareFactor: 1, boost: 0.5, balance: "500", held: "0", available: "500",
        pendingJobs: 0, runningJobs: 0),
    ]
  }

  static var usageByModel: UsageReport {
    UsageReport(
      since: 1_793_491_200, until: now, by: "model",
      rows: [
        UsageRow(
          enterprise: "acme", key: "cpu", jobs: 4, cardHours: 0, coreHours: 31.5, credits: "0", runs: 4, waitSeconds: 40
        ),
        UsageRow(
          enterprise: "acme", key: "nvidia-h200", jobs: 12, cardHours: 96.25, coreHours: 770, credits: "962.5",
          runs: 13,
          waitSeconds: 7_800),
        UsageRow(
          enterprise: "beta", key: "nvidia-h200", jobs: 1, cardHours: 0.0125, coreHours: 0.1, credits: "0.125", runs: 1,
          waitSeconds: 5),
      ])
  }

  static var usageByEnterprise: UsageReport {
    UsageReport(
      since: nil, until: nil, by: "enterprise",
      rows: [
        UsageRow(
          enterprise: "acme", key: "acme", jobs: 16, cardHours: 96.25, coreHours: 801.5, credits: "962.5", runs: 17,
          waitSeconds: 7_840),
        UsageRow(
          enterprise: "beta", key: "beta", jobs: 1, cardHours: 0.0125, coreHours: 0.1, credits: "0.125", runs: 1,
          waitSeconds: 5),
      ])
  }

  static var ledgers: [Ledger] {
    let enterprises = self.enterprises
    return [
      Ledger(
        enterprise: enterprises[0],
        entries: [
          LedgerEntryInfo(
            seq: 7, time: now - 60, enterprise: "acme", jobId: 13, kind: "hold", amount: "120", balance: "1250.5",
            available: "1130.5", note: nil),
          LedgerEntryInfo(
            seq: 6, time: now - 600, enterprise: "acme", jobId: 12, kind: "release", amount: "29.5",
            balance: "1250.5", available: "1250.5", note: nil),
          LedgerEntryInfo(
            seq: 5, time: now - 600, enterprise: "acme", jobId: 12, kind: "charge", amount: "249.5",
            balance: "1250.5", available: "1221", note: nil),
          LedgerEntryInfo(
            seq: 4, time: now - 86_400, enterprise: "acme", jobId: nil, kind: "grant", amount: "500",
            balance: "1500", available: "1500", note: "voucher SZ-2026-118 (city AI compute subsidy)"),
        ]),
      Ledger(enterprise: enterprises[1], entries: []),
    ]
  }
}
