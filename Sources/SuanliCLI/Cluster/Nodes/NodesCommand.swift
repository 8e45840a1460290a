internal import ArgumentParser
internal import Foundation
internal import SuanliAPI

/// `suanli nodes`: every node with its state, cards, CPU and memory in use, labels and last heartbeat (sinfo).
struct NodesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nodes",
    abstract: "List the nodes: state, cards, CPU and memory in use, labels, last heartbeat.",
    discussion: """
      Like sinfo -N. STATE is ready, draining (no new jobs; running ones finish), drained (empty, no new \
      jobs) or down (missed heartbeats), with the reason. CARDS, CPU (cores) and MEM are used/total. \
      Details of one node: suanli node show NODE.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    name: .long, parsing: .singleValue,
    help: ArgumentHelp(
      "Only nodes in these states (ready, draining, drained, down; comma-separated or repeated).",
      valueName: "state"), completion: .list(NodeStates.all))
  var state: [String] = []

  @Option(
    name: .long, parsing: .singleValue,
    help: ArgumentHelp("Only nodes with these accelerator models (comma-separated or repeated).", valueName: "model"))
  var model: [String] = []

  /// The filter the options describe.
  var filter: NodeFilter {
    NodeFilter(states: Self.split(state), models: Self.split(model))
  }

  static func split(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  func validate() throws {
    let unknown = filter.states.filter { !NodeStates.all.contains($0) }
    if !unknown.isEmpty {
      throw ValidationError(
        "unknown state \(unknown.joined(separator: ", ")): use \(NodeStates.all.joined(separator: ", "))")
    }
  }

  func run() throws {
    let all = try global.client().call("GET", "/v1/nodes", as: NodeList.self).nodes
    let nodes = filter.apply(all)
    if global.json { return Output.json(nodes, key: "nodes") }
    if nodes.isEmpty {
      return Output.line(
        all.isEmpty
          ? "No nodes registered: a node appears when its suanli-agent registers." : "No node matches the filter.")
    }
    Output.line(
      NodesTable.render(nodes, now: Formatting.now(), width: Output.terminalWidth, color: Output.useColor))
  }
}
