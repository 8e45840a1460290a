/// Changes waiting to be made durable together (group commit): the latest version of each changed job,
/// node and enterprise, and appended ledger, usage and timeline rows.
struct WriteBatch: Sendable {
  var jobs: [Int64: JobRow] = [:]
  var nodes: [String: NodeRow] = [:]
  var enterprises: [String: EnterpriseStateRow] = [:]
  var ledger: [LedgerRow] = []
  var usage: [UsageRecord] = []
  var events: [JobEventRow] = []

  var isEmpty: Bool {
    jobs.isEmpty && nodes.isEmpty && enterprises.isEmpty && ledger.isEmpty && usage.isEmpty && events.isEmpty
  }
}
