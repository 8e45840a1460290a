internal import ArgumentParser
internal import SuanliAPI

/// `suanli node drain NODE --reason TEXT`: no new jobs on the node; it becomes drained once its jobs end.
struct NodeDrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drain",
    abstract: "Stop placing jobs on a node; running jobs finish, then it is drained (operators).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The node's name (suanli nodes lists them).", completion: ClusterCompletion.nodes)
  var node: String

  @Option(name: .long, help: "Why, as sinfo -R would show it (1 to 256 characters), e.g. \"disk swap\".")
  var reason: String

  func validate() throws {
    guard (1...256).contains(reason.count) else { throw ValidationError("--reason: say why in 1 to 256 characters") }
  }

  func run() throws {
    let info = try global.client().call(
      "POST", "/v1/nodes/\(ClusterPath.segment(node))/drain", body: DrainRequest(reason: reason), as: NodeInfo.self)
    if global.json { return Output.json(info) }
    Output.line("\(info.name): \(NodeStates.text(of: info))" + NodeStates.stillRunning(info))
  }
}
