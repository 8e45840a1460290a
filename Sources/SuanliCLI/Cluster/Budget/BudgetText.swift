internal import Foundation
internal import SuanliAPI

/// `suanli budget` as text: per enterprise its balance, held and available credits, then its recent ledger
/// entries, newest first. A pure function of the ledgers.
enum BudgetText {
  static let headers = ["TIME", "KIND", "JOB", "AMOUNT", "BALANCE", "AVAILABLE", "NOTE"]

  static func render(_ ledgers: [Ledger], zone: TimeZone, width: Int?) -> String {
    ledgers.map { render($0, zone: zone, width: width) }.joined(separator: "\n\n")
  }

  static func render(_ ledger: Ledger, zone: TimeZone, width: Int?) -> String {
    let enterprise = ledger.enterprise
    let name = enterprise.name == enterprise.id ? enterprise.id : "\(enterprise.id) (\(enterprise.name))"
    let summary =
      "\(name): balance \(enterprise.balance), held \(enterprise.held), available \(enterprise.available) credits"
    guard !ledger.entries.isEmpty else { return summary + "\nNo ledger entries yet." }
    var table = Table(headers: headers, flexibleColumn: 6)
    for entry in ledger.entries {
      table.add([
        Formatting.time(entry.time, in: zone), entry.kind, entry.jobId.map(String.init) ?? "-", entry.amount,
        entry.balance, entry.available, entry.note ?? "",
      ])
    }
    return summary + "\n" + table.render(width: width)
  }
}
