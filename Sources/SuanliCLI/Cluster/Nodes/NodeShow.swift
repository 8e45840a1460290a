internal import ArgumentParser
internal import Foundation
internal import SuanliAPI

/// `suanli node show NODE`: everything the daemon knows about one node.
struct NodeShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one node: state and reason, capacity and use, card indices in use, jobs.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The node's name (suanli nodes lists them).", completion: ClusterCompletion.nodes)
  var node: String

  func run() throws {
    let info = try global.client().call("GET", "/v1/nodes/\(ClusterPath.segment(node))", as: NodeInfo.self)
    if global.json { return Output.json(info) }
    Output.line(Self.describe(info, now: Formatting.now(), zone: .current, color: Output.useColor))
  }

  /// The node as `Label:  value` lines, like `systemctl status`.
  static func describe(_ node: NodeInfo, now: Int64, zone: TimeZone, color: Bool = false) -> String {
    let indices = node.usedCardIndices.sorted().map(String.init).joined(separator: ",")
    let jobs = node.runningJobs.sorted().map(String.init).joined(separator: " ")
    let heartbeat = node.lastHeartbeat.map {
      "\(Formatting.time($0, in: zone)) (\(ClusterFormat.ago($0, now: now)))"
    }
    let state =
      ClusterStateColor.paint(node.state, enabled: color) + NodeStates.text(of: node).dropFirst(node.state.count)
    let lines: [(String, String)] = [
      ("Node", node.name),
      ("State", state),
      ("Model", node.model ?? "- (no accelerator cards)"),
      ("Cards", node.cards == 0 ? "-" : "\(NodesTable.cards(node)) used" + (indices.isEmpty ? "" : ": \(indices)")),
      ("CPU", "\(Formatting.cpus(millis: node.cpuMillisUsed))/\(Formatting.cpus(millis: node.cpuMillis)) cores"),
      ("Memory", "\(ClusterFormat.memory(mib: node.memoryMibUsed))/\(Formatting.memory(mib: node.memoryMib))"),
      ("Labels", NodesTable.labels(node.labels, separator: " ")),
      ("Running jobs", jobs.isEmpty ? "none" : jobs),
      ("Last heartbeat", heartbeat ?? "never"),
    ]
    let width = lines.map(\.0.count).max() ?? 0
    return lines.map { label, value in
      (label + ":").padding(toLength: width + 2, withPad: " ", startingAt: 0) + value
    }.joined(separator: "\n")
  }
}
