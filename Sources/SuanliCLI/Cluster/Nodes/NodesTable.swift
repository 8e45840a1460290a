internal import SuanliAPI

/// `suanli nodes` as text: a pure function of the nodes and the time, like a line per node of Slurm's sinfo.
enum NodesTable {
  static let headers = ["NODE", "STATE", "MODEL", "CARDS", "CPU", "MEM", "LABELS", "LAST HEARTBEAT"]

  static func render(_ nodes: [NodeInfo], now: Int64, width: Int?, color: Bool = false) -> String {
    var table = Table(headers: headers, flexibleColumn: 6)
    for node in nodes { table.add(row(node, now: now)) }
    let text = table.render(width: width)
    guard color else { return text }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (index, node) in nodes.enumerated() where index + 1 < lines.count {
      lines[index + 1] = ClusterStateColor.paintSecondColumn(
        of: lines[index + 1], firstCell: node.name, state: node.state, enabled: true)
    }
    return lines.joined(separator: "\n")
  }

  static func row(_ node: NodeInfo, now: Int64) -> [String] {
    [
      node.name,
      NodeStates.text(of: node),
      node.model ?? "-",
      cards(node),
      "\(Formatting.cpus(millis: node.cpuMillisUsed))/\(Formatting.cpus(millis: node.cpuMillis))",
      "\(ClusterFormat.memory(mib: node.memoryMibUsed))/\(Formatting.memory(mib: node.memoryMib))",
      labels(node.labels),
      ClusterFormat.ago(node.lastHeartbeat, now: now),
    ]
  }

  static func cards(_ node: NodeInfo) -> String { node.cards == 0 ? "-" : "\(node.cardsUsed)/\(node.cards)" }

  /// `k=v,k=v` sorted by key (or joined by `separator`); `-` for none.
  static func labels(_ labels: [String: String], separator: String = ",") -> String {
    guard !labels.isEmpty else { return "-" }
    return labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: separator)
  }
}
