internal import Foundation
internal import SuanliAPI

/// `suanli quota` as text: one line per enterprise and resource (cpu in cores, memory as sizes, cards as counts),
/// then each enterprise's fair share and boost. A pure function of the wire values.
enum QuotaTable {
  static let resourceHeaders = ["ENTERPRISE", "RESOURCE", "GUARANTEED", "LIMIT", "IN USE", "BORROWED", "PENDING"]
  static let shareHeaders = [
    "ENTERPRISE", "FAIR-SHARE WEIGHT", "FACTOR", "BOOST", "PENDING JOBS", "RUNNING JOBS", "NAME",
  ]

  static func render(_ enterprises: [EnterpriseInfo], width: Int?) -> String {
    var resources = Table(headers: resourceHeaders)
    var shares = Table(headers: shareHeaders, flexibleColumn: 6)
    for enterprise in enterprises {
      for quota in enterprise.quota {
        let amount = { (value: Int) in Self.amount(value, of: quota.resource) }
        resources.add([
          enterprise.id, quota.resource, amount(quota.guaranteed), amount(quota.limit), amount(quota.inUse),
          amount(quota.borrowed), amount(quota.pendingDemand),
        ])
      }
      shares.add([
        enterprise.id, number(enterprise.fairShareWeight), String(format: "%.3f", enterprise.fairShareFactor),
        number(enterprise.boost), "\(enterprise.pendingJobs)", "\(enterprise.runningJobs)",
        enterprise.name == enterprise.id ? "" : enterprise.name,
      ])
    }
    return resources.render(width: width) + "\n\n" + shares.render(width: width)
  }

  /// Cores for `cpu` (millicores on the wire), a size for `memory` (MiB), a count of cards otherwise.
  static func amount(_ value: Int, of resource: String) -> String {
    switch resource {
    case "cpu": Formatting.cpus(millis: value)
    case "memory": ClusterFormat.memory(mib: value)
    default: "\(value)"
    }
  }

  /// `1`, `1.5`, `0.25`: as short as the number allows.
  static func number(_ value: Double) -> String { String(format: "%g", value) }
}
