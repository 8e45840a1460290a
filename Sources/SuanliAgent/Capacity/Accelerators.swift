/// One accelerator card found on the node.
public struct DiscoveredCard: Sendable, Hashable {
  /// The index the vendor runtime uses (`CUDA_VISIBLE_DEVICES`, `ASCEND_RT_VISIBLE_DEVICES`).
  public var index: Int
  /// The normalised model name (`nvidia-h200`).
  public var model: String
  /// Device memory in MiB, when known.
  public var memoryMiB: Int64?

  public init(index: Int, model: String, memoryMiB: Int64? = nil) {
    self.index = index
    self.model = model
    self.memoryMiB = memoryMiB
  }
}

/// Parsing what the vendors' tools print.
public enum Accelerators {
  /// The arguments the agent runs `nvidia-smi` with.
  public static let nvidiaSMIArguments = ["--query-gpu=index,name,memory.total,uuid", "--format=csv,noheader"]

  /// `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader`:
  /// `0, NVIDIA H200, 143771 MiB, GPU-…` per line.
  public static func nvidia(csv: String) -> [DiscoveredCard] {
    csv.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: ",").map { $0.trimmingWhitespace() }
      guard fields.count >= 2, let index = Int(fields[0]), !fields[1].isEmpty else { return nil }
      let memory = fields.count > 2 ? fields[2].split(separator: " ").first.flatMap { Int64($0) } : nil
      return DiscoveredCard(index: index, model: ModelName.nvidia(fields[1]), memoryMiB: memory)
    }
  }

  /// `npu-smi info`: the table's first row of each NPU, `| 0     910B3     | OK     | …`.
  public static func ascend(npuSMIInfo: String) -> [DiscoveredCard] {
    var cards: [DiscoveredCard] = []
    for line in npuSMIInfo.split(separator: "\n") where line.hasPrefix("|") {
      let cells = line.split(separator: "|").map { $0.trimmingWhitespace() }
      guard cells.count >= 2 else { continue }
      let words = cells[0].split(separator: " ")
      guard words.count >= 2, let index = Int(words[0]),
        words[1].first?.isNumber == true || words[1].lowercased().hasPrefix("ascend")
      else { continue }
      guard
        cells[1].uppercased() == "OK" || cells[1].uppercased().hasPrefix("WARN")
          || cells[1].uppercased().hasPrefix("ALARM") || cells[1].uppercased().hasPrefix("CRITICAL")
      else { continue }
      cards.append(DiscoveredCard(index: index, model: ModelName.ascend(String(words[1]))))
    }
    return cards
  }
}
