internal import SuanliCore

extension JobRow {
  /// What the core needs of this job.
  var spec: JobSpec {
    JobSpec(
      id: JobID(UInt64(id)), enterprise: enterprise, uid: uid,
      perNode: NodeRequest(cpuMillis: cpuMillis, memoryMiB: memoryMib, cards: cards, models: models),
      nodeCount: nodes, selector: selector, walltime: walltime, jobClass: JobClass(rawValue: jobClass) ?? .normal,
      requeue: requeue, held: state == "held" || throttled, arrayIndex: arrayIndex, submitTime: submitTime)
  }

  /// The core's placement of a job that was running.
  var corePlacement: Placement? {
    guard let placement else { return nil }
    return Placement(
      model: placement.model,
      slots: zip(placement.nodes, placement.cards).map { Placement.Slot(node: $0, cardIndices: $1) },
      hold: Credits(millis: heldMillis))
  }
}

extension StoredPlacement {
  init(_ placement: Placement) {
    self.init(model: placement.model, nodes: placement.slots.map(\.node), cards: placement.slots.map(\.cardIndices))
  }
}

extension JobID {
  var row: Int64 { Int64(rawValue) }
}
