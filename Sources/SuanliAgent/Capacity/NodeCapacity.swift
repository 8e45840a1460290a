public import SuanliAPI
public import SuanliConfig

/// What a node offers to the daemon: CPU, memory and one model of cards.
public struct NodeCapacity: Sendable, Hashable {
  public var cpuMillis: Int64
  public var memoryMiB: Int64
  /// The model of the node's cards (the most common one when several are present); nil without cards.
  public var model: String?
  public var cards: Int

  public init(cpuMillis: Int64, memoryMiB: Int64, model: String?, cards: Int) {
    self.cpuMillis = cpuMillis
    self.memoryMiB = memoryMiB
    self.model = model
    self.cards = cards
  }

  /// Capacity from discovered values: the model is the most common one among `cards`, and only cards of that
  /// model count.
  public init(cpuMillis: Int64, memoryMiB: Int64, cards: [DiscoveredCard]) {
    var counts: [String: Int] = [:]
    for card in cards { counts[card.model, default: 0] += 1 }
    let model = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    self.init(cpuMillis: cpuMillis, memoryMiB: memoryMiB, model: model, cards: model.map { counts[$0] ?? 0 } ?? 0)
  }

  /// This capacity with the configuration's overrides applied, then its reserved resources taken away.
  public func applying(_ config: AgentConfig) -> NodeCapacity {
    var result = self
    if let cpu = config.capacity.cpuMillis { result.cpuMillis = cpu }
    if let memory = config.capacity.memoryMiB { result.memoryMiB = memory }
    if let model = config.capacity.model { result.model = model }
    if let cards = config.capacity.cards { result.cards = cards }
    if result.cards == 0 { result.model = nil }
    result.cpuMillis = max(0, result.cpuMillis - config.reservedCPUMillis)
    result.memoryMiB = max(0, result.memoryMiB - config.reservedMemoryMiB)
    return result
  }

  /// The registration the agent sends for this capacity.
  public func registration(node: String, labels: [String: String], running: [UInt64]) -> AgentRegistration {
    AgentRegistration(
      node: node, labels: labels, cpuMillis: Int(cpuMillis), memoryMib: Int(memoryMiB), model: model, cards: cards,
      running: running)
  }
}
