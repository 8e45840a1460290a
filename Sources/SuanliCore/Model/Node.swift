/// A node's scheduling state, as in Slurm's `sinfo`: only `ready` nodes receive new jobs.
public enum NodeState: String, Sendable, Hashable, CaseIterable, Codable {
  case ready, draining, drained, down
}

/// A machine's capacity as its agent registers it. A node carries at most one accelerator model; its
/// cards are indexed `0..<cards` and jobs receive concrete indices.
public struct NodeSpec: Hashable, Sendable {
  /// What a node name may be: a host name's characters, so that it can be put in a journal field, a query string,
  /// a cgroup path (no `/`, not `.` or `..`) and the job wrapper's comma-separated lists.
  public static let nameRule = "1 to 253 letters, digits, '.', '-' or '_' (a host name), not '.' or '..'"

  /// Whether `name` follows ``nameRule``.
  public static func isValidName(_ name: String) -> Bool {
    (1...253).contains(name.utf8.count) && name != "." && name != ".."
      && name.utf8.allSatisfy { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
          || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
      }
  }

  public var name: String
  public var labels: [String: String]
  public var cpuMillis: Int
  public var memoryMiB: Int
  public var model: String?
  public var cards: Int

  public init(
    name: String, labels: [String: String] = [:], cpuMillis: Int, memoryMiB: Int, model: String? = nil,
    cards: Int = 0
  ) {
    self.name = name
    self.labels = labels
    self.cpuMillis = cpuMillis
    self.memoryMiB = memoryMiB
    self.model = model
    self.cards = cards
  }

  /// Most cards one node may carry (card indices are kept in a 64-bit mask).
  public static let maxCards = 64
}

/// A node as the core sees it now: capacity, what is free, and what runs there.
public struct NodeView: Hashable, Sendable {
  public var spec: NodeSpec
  public var state: NodeState
  public var freeCpuMillis: Int
  public var freeMemoryMiB: Int
  public var freeCards: Int
  public var usedCardIndices: [Int]
  public var running: [JobID]
}
