/// What a job asks for on each of its nodes: CPU, memory and a number of accelerator cards of one of the
/// accepted models (in preference order). `cards == 0` means a CPU-only job and `models` is then empty.
public struct NodeRequest: Hashable, Sendable {
  public var cpuMillis: Int
  public var memoryMiB: Int
  public var cards: Int
  public var models: [String]

  public init(cpuMillis: Int, memoryMiB: Int, cards: Int = 0, models: [String] = []) {
    self.cpuMillis = cpuMillis
    self.memoryMiB = memoryMiB
    self.cards = cards
    self.models = models
  }
}

/// Amounts of every resource kind, as used for quotas and usage: CPU millicores, memory MiB and cards
/// per accelerator model.
public struct ResourceAmounts: Hashable, Sendable {
  public var cpuMillis: Int
  public var memoryMiB: Int
  public var cards: [String: Int]

  public init(cpuMillis: Int = 0, memoryMiB: Int = 0, cards: [String: Int] = [:]) {
    self.cpuMillis = cpuMillis
    self.memoryMiB = memoryMiB
    self.cards = cards
  }

  /// No resources at all.
  public static let none = ResourceAmounts()
}

/// Scarce-resource dimensions by which quotas are counted. Index 0 is CPU, 1 is memory, and `2 + model` is
/// the card count of an interned accelerator model.
enum Dimension {
  static let cpu = 0
  static let memory = 1
  static func cards(_ model: ModelID) -> Int { 2 + Int(model) }
}

/// An interned accelerator model name. The core compares small integers, never strings, on hot paths.
typealias ModelID = Int32

/// Interns model names in the order they are first seen, so IDs are deterministic for a given input.
struct ModelRegistry: Sendable {
  private(set) var names: [String] = []
  private var ids: [String: ModelID] = [:]

  mutating func intern(_ name: String) -> ModelID {
    if let id = ids[name] { return id }
    let id = ModelID(names.count)
    names.append(name)
    ids[name] = id
    return id
  }

  func id(of name: String) -> ModelID? { ids[name] }
  func name(of id: ModelID) -> String { names[Int(id)] }
  var count: Int { names.count }
}

/// A dense vector over `Dimension`s that grows as models are interned; missing entries read as zero.
struct Amounts: Hashable, Sendable {
  var values: [Int] = [0, 0]

  subscript(dimension: Int) -> Int {
    get { dimension < values.count ? values[dimension] : 0 }
    set {
      if dimension >= values.count { values.append(contentsOf: repeatElement(0, count: dimension + 1 - values.count)) }
      values[dimension] = newValue
    }
  }

  init() {}

  init(_ amounts: ResourceAmounts, models: inout ModelRegistry) {
    self[Dimension.cpu] = amounts.cpuMillis
    self[Dimension.memory] = amounts.memoryMiB
    for name in amounts.cards.keys.sorted() {
      self[Dimension.cards(models.intern(name))] = amounts.cards[name]!
    }
  }

  func resourceAmounts(_ models: ModelRegistry) -> ResourceAmounts {
    var cards: [String: Int] = [:]
    for dimension in 2..<max(2, values.count) where values[dimension] != 0 {
      cards[models.name(of: ModelID(dimension - 2))] = values[dimension]
    }
    return ResourceAmounts(cpuMillis: self[Dimension.cpu], memoryMiB: self[Dimension.memory], cards: cards)
  }
}
