internal import ArgumentParser
internal import SuanliAPI

/// `suanli quota`: each enterprise's guaranteed and borrowable resources, what it uses, borrows and waits for.
struct QuotaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quota",
    abstract: "Show quotas per enterprise: guaranteed, limit, in use, borrowed, pending demand; fair share.",
    discussion: """
      An enterprise may always use its guarantee; above it, up to its limit, it borrows idle capacity that \
      may be reclaimed. PENDING is what its waiting jobs ask for. CPU is in cores, memory in sizes, \
      accelerators in cards. You see the enterprises you belong to (operators: all).
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    name: .long, help: ArgumentHelp("Only this enterprise.", valueName: "id"), completion: ClusterCompletion.enterprises
  )
  var enterprise: String?

  /// The API target the options ask for.
  var target: String {
    enterprise.map { "/v1/enterprises/\(ClusterPath.segment($0))" } ?? "/v1/enterprises"
  }

  func run() throws {
    let client = global.client()
    let enterprises =
      enterprise == nil
      ? try client.call("GET", target, as: EnterpriseList.self).enterprises
      : [try client.call("GET", target, as: EnterpriseInfo.self)]
    if global.json { return Output.json(enterprises, key: "enterprises") }
    guard !enterprises.isEmpty else {
      throw CLIError(
        "you are not a member of any enterprise", hint: "ask an operator to add you to an enterprise in suanlid.toml",
        exitCode: CLIExit.permission)
    }
    Output.line(QuotaTable.render(enterprises, width: Output.terminalWidth))
  }
}
