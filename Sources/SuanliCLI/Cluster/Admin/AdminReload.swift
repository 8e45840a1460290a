internal import ArgumentParser
internal import SuanliAPI

/// `suanli admin reload`: suanlid re-reads its configuration (enterprises, quotas, prices), like SIGHUP.
struct AdminReload: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reload",
    abstract: "Make suanlid re-read its configuration: enterprises, members, quotas, prices (operators).",
    discussion: "The same as systemctl reload suanlid. A configuration with errors is refused and the old one kept.")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let info = try global.client().call("POST", "/v1/reload", as: DaemonInfo.self)
    if global.json { return Output.json(info) }
    Output.line("suanlid \(info.version) reloaded its configuration")
  }
}
