internal import ArgumentParser
internal import SuanliAPI

/// `suanli node resume NODE`: a drained or draining node takes jobs again.
struct NodeResume: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume", abstract: "Let a drained or draining node take jobs again (operators).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The node's name (suanli nodes lists them).", completion: ClusterCompletion.nodes)
  var node: String

  func run() throws {
    let info = try global.client().call("POST", "/v1/nodes/\(ClusterPath.segment(node))/resume", as: NodeInfo.self)
    if global.json { return Output.json(info) }
    Output.line("\(info.name): \(NodeStates.text(of: info))")
  }

}
