internal import ArgumentParser
internal import SuanliAPI

/// `suanli admin grant ENTERPRISE CREDITS --note TEXT`: adds credits to an enterprise's budget.
struct AdminGrant: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grant",
    abstract: "Add credits to an enterprise's budget, e.g. a compute voucher (operators).",
    discussion: "The grant is a ledger entry with its note: suanli budget --enterprise ID shows it.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The enterprise's id (suanli quota lists them).", completion: ClusterCompletion.enterprises)
  var enterprise: String

  @Argument(help: "Credits to add: a positive number with at most 3 decimals, e.g. 500 or 12.5.")
  var credits: String

  @Option(
    name: .long, help: "What the credits are, for the ledger (e.g. \"voucher 2026-118\"; at most 256 characters).")
  var note: String

  /// The request the arguments describe.
  var request: GrantRequest { GrantRequest(credits: credits, note: note) }

  var target: String { "/v1/enterprises/\(ClusterPath.segment(enterprise))/grant" }

  func validate() throws {
    guard let amount = ClusterCredits(credits), amount.millis > 0 else {
      throw ValidationError("\"\(credits)\" is not a positive number of credits (at most 3 decimals, e.g. 500 or 12.5)")
    }
    guard (1...256).contains(note.count) else { throw ValidationError("--note must be 1 to 256 characters") }
  }

  func run() throws {
    let info = try global.client().call("POST", target, body: request, as: EnterpriseInfo.self)
    if global.json { return Output.json(info) }
    Output.line(
      "granted \(credits) credits to \(info.id) (\(note)): balance \(info.balance), available \(info.available)")
  }
}
