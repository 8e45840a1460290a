@testable import SuanliCore

/// Follows every enterprise's ledger over a whole run: each balance must stay opening credits + grants − charges,
/// both in every ledger entry and in what the enterprise reports after each step.
struct LedgerMonitor {
  private var grants: [String: Credits] = [:]
  private var charges: [String: Credits] = [:]

  mutating func check(_ record: StepRecord) -> [String] {
    var problems: [String] = []
    func expected(_ id: String) -> Credits {
      (record.after.enterprise(id)?.spec.credits ?? .zero) + (grants[id] ?? .zero) - (charges[id] ?? .zero)
    }
    for decision in record.decisions {
      guard case .ledger(let entry) = decision else { continue }
      switch entry.kind {
      case .grant: grants[entry.enterprise, default: .zero] += entry.amount
      case .charge: charges[entry.enterprise, default: .zero] += entry.amount
      case .hold, .release: break
      }
      if entry.amount <= .zero { problems.append("ledger entry with amount \(entry.amount): \(entry)") }
      if entry.balance != expected(entry.enterprise) {
        problems.append(
          "\(entry.kind.rawValue) entry of \(entry.enterprise) records balance \(entry.balance), opening + grants − "
            + "charges is \(expected(entry.enterprise))")
      }
    }
    if case .event(.grant(let id, let credits), _) = record.step, case .success = record.outcome,
      !record.decisions.contains(where: {
        if case .ledger(let e) = $0 { e.kind == .grant && e.amount == credits && e.enterprise == id } else { false }
      })
    {
      problems.append("a grant of \(credits) to \(id) left no ledger entry")
    }
    for id in record.after.enterpriseIDs where record.after.enterprise(id)?.balance != expected(id) {
      problems.append(
        "\(id) reports balance \(record.after.enterprise(id)!.balance), its ledger adds up to \(expected(id))")
    }
    return problems
  }
}
