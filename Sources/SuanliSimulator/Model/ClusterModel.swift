public import SuanliConfig
public import SuanliCore

/// The simulated cluster: every node of the description's groups, and what it has in total.
public struct ClusterModel: Sendable {
  public var nodes: [NodeSpec]
  /// Card models in the order their groups are listed.
  public var models: [String]
  /// Cards per model, in `models` order.
  public var cardsByModel: [Int]

  public var totalCards: Int { cardsByModel.reduce(0, +) }

  public init(_ config: SimulationConfig) {
    var nodes: [NodeSpec] = []
    var models: [String] = []
    var cards: [Int] = []
    for group in config.nodeGroups {
      for index in 0..<group.count {
        nodes.append(
          NodeSpec(
            name: "\(group.name)-\(index)", labels: group.labels, cpuMillis: group.cpuMillis,
            memoryMiB: group.memoryMiB, model: group.model, cards: group.cards))
      }
      guard let model = group.model else { continue }
      if let position = models.firstIndex(of: model) {
        cards[position] += group.cards * group.count
      } else {
        models.append(model)
        cards.append(group.cards * group.count)
      }
    }
    self.nodes = nodes
    self.models = models
    self.cardsByModel = cards
  }
}
