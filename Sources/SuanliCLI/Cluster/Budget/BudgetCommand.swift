internal import ArgumentParser
internal import Foundation
internal import SuanliAPI

/// `suanli budget`: credits — balance, held by running jobs, available — and the recent ledger entries.
struct BudgetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "budget",
    abstract: "Show credits (balance, held, available) and recent ledger entries per enterprise.",
    discussion: """
      A job starts only if its enterprise's available credits cover a hold of walltime × price; when it \
      ends, the actual runtime is charged and the rest released. Grants are vouchers and top-ups \
      (suanli admin grant). Without --enterprise: each enterprise you may see (operators: all).
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    name: .long, help: ArgumentHelp("Only this enterprise.", valueName: "id"), completion: ClusterCompletion.enterprises
  )
  var enterprise: String?

  @Option(
    name: .long,
    help: ArgumentHelp("How many recent ledger entries to show per enterprise (1 to 100000).", valueName: "n"))
  var limit = 20

  func validate() throws {
    guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be 1 to 100000") }
  }

  /// The ledger request for one enterprise.
  func target(of enterprise: String) -> String {
    "/v1/enterprises/\(ClusterPath.segment(enterprise))/ledger?limit=\(limit)"
  }

  func run() throws {
    let client = global.client()
    let ids: [String]
    if let enterprise {
      ids = [enterprise]
    } else {
      ids = try client.call("GET", "/v1/enterprises", as: EnterpriseList.self).enterprises.map(\.id)
    }
    guard !ids.isEmpty || global.json else {
      throw CLIError(
        "you are not a member of any enterprise", hint: "ask an operator to add you to an enterprise in suanlid.toml",
        exitCode: CLIExit.permission)
    }
    var ledgers: [Ledger] = []
    for id in ids { ledgers.append(try client.call("GET", target(of: id), as: Ledger.self)) }
    if global.json { return Output.json(ledgers, key: "ledgers") }
    Output.line(BudgetText.render(ledgers, zone: .current, width: Output.terminalWidth))
  }
}
