internal import ArgumentParser
internal import SuanliAPI

/// `suanli info`: the daemon's version, uptime and counts, and who you are to it.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Show suanlid's version, uptime, counts, and your role.")

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let info = try global.client().call("GET", "/v1/info", as: DaemonInfo.self)
    if global.json { return Output.json(info) }
    let nodes = info.nodes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    let role = info.caller.operator_ ? "operator" : "user"
    Output.line("suanlid \(info.version) (API \(info.apiVersion)), up \(Formatting.duration(info.uptimeSeconds))")
    Output.line("jobs:  \(info.jobs.pending) pending, \(info.jobs.running) running, \(info.jobs.held) held")
    Output.line("nodes: \(nodes.isEmpty ? "none registered" : nodes)")
    let enterprises =
      info.caller.enterprises.isEmpty ? "no enterprise" : info.caller.enterprises.joined(separator: ", ")
    Output.line("you:   \(info.caller.user) (uid \(info.caller.uid)), \(role), member of \(enterprises)")
  }
}
