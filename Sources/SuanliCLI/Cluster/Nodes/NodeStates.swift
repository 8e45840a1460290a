internal import SuanliAPI

/// The node states and how a node's state reads: `drained (disk swap)`, with the reason where one matters.
enum NodeStates {
  static let all = ["ready", "draining", "drained", "down"]

  /// The state, with the operator's or daemon's reason for drained, draining and down nodes.
  static func text(of node: NodeInfo) -> String {
    guard node.state != "ready", let reason = node.stateReason, !reason.isEmpty else { return node.state }
    return "\(node.state) (\(reason))"
  }

  /// `; 2 jobs still running` for a draining node, so the operator knows what it waits for.
  static func stillRunning(_ node: NodeInfo) -> String {
    guard node.state == "draining", !node.runningJobs.isEmpty else { return "" }
    return "; \(node.runningJobs.count) job\(node.runningJobs.count == 1 ? "" : "s") still running"
  }
}

/// Which nodes `suanli nodes` shows: any of the states and any of the models given (all when none are).
struct NodeFilter: Equatable {
  var states: [String] = []
  var models: [String] = []

  func apply(_ nodes: [NodeInfo]) -> [NodeInfo] {
    nodes.filter { node in
      (states.isEmpty || states.contains(node.state)) && (models.isEmpty || models.contains(node.model ?? "-"))
    }
  }

  var isEmpty: Bool { states.isEmpty && models.isEmpty }
}
