internal import SuanliAPI

/// The short forms a job's fields take in tables and state lines.
enum JobCells {
  /// `h200` for `nvidia-h200`: the vendor prefix everyone drops; other models stay as they are (`ascend-910b`).
  static func shortModel(_ model: String) -> String {
    model.hasPrefix("nvidia-") ? String(model.dropFirst("nvidia-".count)) : model
  }

  /// `8×h200`, `2×8×h200` for a gang, `8×h200|a100` while several models are accepted, `-` for none.
  static func cards(_ job: JobInfo) -> String {
    guard job.cards > 0 else { return "-" }
    let models = job.placement?.model.map { [$0] } ?? job.models
    let perNode = "\(job.cards)×" + models.map(shortModel).joined(separator: "|")
    return job.nodes > 1 ? "\(job.nodes)×" + perNode : perNode
  }

  /// `n1[0,1]`: a node and the card indices the job holds there (just `n1` without cards).
  static func placement(_ node: PlacementInfo.NodeCards) -> String {
    node.cards.isEmpty ? node.node : node.node + "[" + node.cards.map(String.init).joined(separator: ",") + "]"
  }

  /// The nodes a placed job runs on (`n1,n2`), else how many it needs.
  static func nodes(_ job: JobInfo) -> String {
    guard let placement = job.placement, !placement.nodes.isEmpty else { return "\(job.nodes)" }
    return placement.nodes.map(\.node).joined(separator: ",")
  }

  /// Seconds waited while queued, run while running, and the run time once ended.
  static func elapsedSeconds(_ job: JobInfo, now: Int64) -> Int64 {
    switch job.state {
    case .pending, .held: now - job.submitTime
    case .starting, .running: now - (job.startTime ?? now)
    default: job.startTime.map { (job.endTime ?? now) - $0 } ?? 0
    }
  }

  /// What a state line says: `pending (resources: …)`, `starting on n1[0,1]`, `failed (exit 3)`.
  static func stateLine(_ job: JobInfo) -> String {
    var text = job.state.rawValue
    switch job.state {
    case .pending, .held:
      if let reason = job.reason, reason.message != job.state.rawValue { text += " (\(reason.message))" }
    case .starting, .running:
      if let placement = job.placement, !placement.nodes.isEmpty, job.state == .starting {
        text += " on " + placement.nodes.map(placement(_:)).joined(separator: ",")
      }
    default:
      if let ending = ending(job) { text += " (\(ending))" }
    }
    return text
  }

  /// `exit 3`, `signal 9`, or nil.
  static func ending(_ job: JobInfo) -> String? {
    let parts = [job.exitCode.map { "exit \($0)" }, job.signal.map { "signal \($0)" }].compactMap(\.self)
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }
}
