/// Applying events. Each event is validated first: a refused event throws and changes nothing.
extension Scheduler {
  /// Most nodes a gang job may span.
  public static let maxNodeCount = 1024
  /// Times beyond ±2^40 s (35,000 years) are refused, so time arithmetic can never overflow.
  public static let maxTime: Time = 1 << 40

  public mutating func handle(_ event: Event, at now: Time) throws(CoreError) -> [Decision] {
    guard (-Self.maxTime...Self.maxTime).contains(now) else { throw .invalidRequest("time out of range") }
    var decisions: [Decision] = []
    switch event {
    case .submit(let spec): try submit(spec)
    case .cancel(let id): try cancel(id, now: now, decisions: &decisions)
    case .hold(let id):
      let record = try existing(id)
      guard record.state == .pending else { throw .wrongState(id, record.state, "hold") }
      dequeue(id)
      jobs[id]!.state = .held
      removeReservation(id)
    case .release(let id):
      let record = try existing(id)
      guard record.state == .held else { throw .wrongState(id, record.state, "release") }
      enqueue(id)
    case .registerNode(let spec): try register(spec)
    case .setNodeState(let name, let state): try setState(of: name, to: state, now: now, decisions: &decisions)
    case .nodeLost(let name):
      guard let n = nodeIndex[name] else { throw .unknownNode(name) }
      lose(n, now: now, decisions: &decisions)
    case .jobLost(let id):
      let record = try existing(id)
      guard record.state == .running else { throw .wrongState(id, record.state, "lose") }
      loseJob(id, requeue: record.requeue, now: now, decisions: &decisions)
    case .jobStarted(let id):
      let record = try existing(id)
      guard record.state == .running else { throw .wrongState(id, record.state, "confirm start") }
    case .jobFinished(let id, let end):
      let record = try existing(id)
      guard record.state == .running else { throw .wrongState(id, record.state, "finish") }
      guard [.succeeded, .failed, .timeout].contains(end) else {
        throw .invalidRequest("an agent reports succeeded, failed or timeout, not \(end.rawValue)")
      }
      let charged = release(id, lost: false, now: now, decisions: &decisions)
      forget(id, end, charged: charged, decisions: &decisions)
    case .grant(let id, let credits):
      guard let e = enterpriseIndex[id] else { throw .unknownEnterprise(id) }
      guard credits > .zero else { throw .invalidRequest("a grant must be positive") }
      enterprises[Int(e)].balance += credits
      decisions.append(ledger(.grant, e, job: nil, amount: credits, at: now))
      roomOrCreditsGrew(of: e)
    }
    return decisions
  }

  private func existing(_ id: JobID) throws(CoreError) -> JobRecord {
    guard let record = jobs[id] else { throw .unknownJob(id) }
    return record
  }

  // MARK: Jobs

  private mutating func submit(_ spec: JobSpec) throws(CoreError) {
    guard jobs[spec.id] == nil else { throw .duplicateJob(spec.id) }
    guard let e = enterpriseIndex[spec.enterprise] else { throw .unknownEnterprise(spec.enterprise) }
    try validate(spec)
    try checkLimit(spec, enterprise: enterprises[Int(e)])
    let shape = shapeID(for: spec)
    var record = JobRecord(
      id: spec.id, submitTime: spec.submitTime, enterprise: e, uid: spec.uid, shape: shape,
      bucket: bucketID(shape: shape, enterprise: e, jobClass: spec.jobClass),
      arrayIndex: spec.arrayIndex.map { Int32($0) } ?? -1, jobClass: spec.jobClass, requeue: spec.requeue,
      state: spec.held ? .held : .pending)
    record.queueGeneration = 0
    jobs[spec.id] = record
    enterprises[Int(e)].pendingCount += 1
    if !spec.held { enqueue(spec.id) }
  }

  private func validate(_ spec: JobSpec) throws(CoreError) {
    let request = spec.perNode
    guard (1...Self.maxNodeCount).contains(spec.nodeCount) else {
      throw .invalidRequest("node count must be 1 to \(Self.maxNodeCount), not \(spec.nodeCount)")
    }
    guard (1...config.maxWalltime).contains(spec.walltime) else {
      throw .invalidRequest("walltime must be 1 to \(config.maxWalltime) seconds, not \(spec.walltime)")
    }
    guard request.cpuMillis >= 0, request.cpuMillis <= 1 << 40, request.memoryMiB >= 0,
      request.memoryMiB <= 1 << 40
    else { throw .invalidRequest("CPU and memory must be between 0 and 2^40") }
    guard (0...NodeSpec.maxCards).contains(request.cards) else {
      throw .invalidRequest("cards per node must be 0 to \(NodeSpec.maxCards), not \(request.cards)")
    }
    guard request.cards > 0 || request.cpuMillis > 0 else { throw .invalidRequest("a job must ask for CPU or cards") }
    if request.cards > 0 {
      guard !request.models.isEmpty else { throw .invalidRequest("a job with cards must accept at least one model") }
      guard Set(request.models).count == request.models.count, request.models.count <= 16 else {
        throw .invalidRequest("accepted models must be distinct, at most 16")
      }
      for model in request.models where model.isEmpty || model.utf8.count > 64 {
        throw .invalidRequest("model names must be 1 to 64 bytes")
      }
    } else if !request.models.isEmpty {
      throw .invalidRequest("a CPU-only job accepts no accelerator model")
    }
    try Self.validate(labels: spec.selector, of: "selector")
    guard (-Self.maxTime...Self.maxTime).contains(spec.submitTime) else {
      throw .invalidRequest("submit time out of range")
    }
    if let index = spec.arrayIndex, !(0...Int(Int32.max)).contains(index) {
      throw .invalidRequest("array index must be 0 to \(Int32.max)")
    }
  }

  /// Refuses a job that could never start because it asks for more than its enterprise's limit.
  /// Labels (node labels, job selectors): at most 32, keys of 1 to 128 bytes, values of up to 256.
  private static func validate(labels: [String: String], of owner: String) throws(CoreError) {
    guard labels.count <= 32 else { throw .invalidRequest("\(owner): at most 32 labels") }
    for (key, value) in labels where key.isEmpty || key.utf8.count > 128 || value.utf8.count > 256 {
      throw .invalidRequest("\(owner): label keys are 1 to 128 bytes, values up to 256")
    }
  }

  private func checkLimit(_ spec: JobSpec, enterprise: EnterpriseRecord) throws(CoreError) {
    let request = spec.perNode
    let total = { (amount: Int) in amount * spec.nodeCount }
    if total(request.cpuMillis) > enterprise.limit[Dimension.cpu] {
      throw .exceedsLimit(
        "\(total(request.cpuMillis))m CPU asked, limit \(enterprise.limit[Dimension.cpu])m for '\(enterprise.spec.id)'")
    }
    if total(request.memoryMiB) > enterprise.limit[Dimension.memory] {
      throw .exceedsLimit(
        "\(total(request.memoryMiB)) MiB asked, limit \(enterprise.limit[Dimension.memory]) MiB for '\(enterprise.spec.id)'"
      )
    }
    guard request.cards > 0 else { return }
    let usable = request.models.contains { name in
      guard let model = models.id(of: name) else { return false }
      return total(request.cards) <= enterprise.limit[Dimension.cards(model)]
    }
    guard usable else {
      let limits = request.models.map { name in
        "\(name): \(models.id(of: name).map { enterprise.limit[Dimension.cards($0)] } ?? 0)"
      }
      throw .exceedsLimit(
        "\(total(request.cards)) cards asked, limit for '\(enterprise.spec.id)' is \(limits.joined(separator: ", "))")
    }
  }

  private mutating func cancel(_ id: JobID, now: Time, decisions: inout [Decision]) throws(CoreError) {
    let record = try existing(id)
    switch record.state {
    case .pending:
      dequeue(id)
      removeReservation(id)
      forget(id, .cancelled, charged: .zero, decisions: &decisions)
    case .held:
      forget(id, .cancelled, charged: .zero, decisions: &decisions)
    case .running:
      decisions.append(.stop(id, because: .cancelled))
      let charged = release(id, lost: false, now: now, decisions: &decisions)
      forget(id, .cancelled, charged: charged, decisions: &decisions)
    }
  }

  // MARK: Nodes

  private mutating func register(_ spec: NodeSpec) throws(CoreError) {
    guard NodeSpec.isValidName(spec.name) else {
      throw .invalidRequest("node name must be \(NodeSpec.nameRule)")
    }
    guard spec.cpuMillis > 0, spec.memoryMiB > 0, spec.cpuMillis <= 1 << 40, spec.memoryMiB <= 1 << 40 else {
      throw .invalidRequest("node '\(spec.name)': CPU and memory must be positive")
    }
    guard (0...NodeSpec.maxCards).contains(spec.cards), (spec.cards > 0) == (spec.model != nil) else {
      throw .invalidRequest(
        "node '\(spec.name)': 0 to \(NodeSpec.maxCards) cards, with a model exactly when it has cards")
    }
    try Self.validate(labels: spec.labels, of: "node '\(spec.name)'")
    if let model = spec.model, model.isEmpty || model.utf8.count > 64 {
      throw .invalidRequest("node '\(spec.name)': model names must be 1 to 64 bytes")
    }
    if let n = nodeIndex[spec.name] {
      let old = nodes[Int(n)]
      let usedCpu = old.spec.cpuMillis - old.freeCpu
      let usedMemory = old.spec.memoryMiB - old.freeMemory
      guard
        old.runs.isEmpty
          || (spec.model == old.spec.model && Self.capacityMask(spec.cards) & old.usedCards == old.usedCards
            && spec.cpuMillis >= usedCpu && spec.memoryMiB >= usedMemory)
      else {
        throw .invalidRequest("node '\(spec.name)' runs jobs that would not fit its new capacity: drain it first")
      }
      unindex(n)
      nodesBySlot[old.slot].removeAll { $0 == n }
      nodes[Int(n)].spec = spec
      nodes[Int(n)].model = spec.model.map { models.intern($0) }
      nodes[Int(n)].slot = nodes[Int(n)].model.map { Int($0) + 1 } ?? 0
      addToSlot(n)
      nodes[Int(n)].kind = nodeKind(slot: nodes[Int(n)].slot, labels: spec.labels)
      nodes[Int(n)].freeCpu = spec.cpuMillis - usedCpu
      nodes[Int(n)].freeMemory = spec.memoryMiB - usedMemory
      nodes[Int(n)].freeCards = spec.cards - old.usedCards.nonzeroBitCount
      if old.state == .down { nodes[Int(n)].state = .ready }
      index(n)
    } else {
      let model = spec.model.map { models.intern($0) }
      let n = Int32(nodes.count)
      nodes.append(
        NodeRecord(
          spec: spec, model: model, slot: model.map { Int($0) + 1 } ?? 0, state: .ready, freeCards: spec.cards,
          freeCpu: spec.cpuMillis, freeMemory: spec.memoryMiB))
      nodeIndex[spec.name] = n
      nodes[Int(n)].kind = nodeKind(slot: nodes[Int(n)].slot, labels: spec.labels)
      reclaimIndex.addNode()
      addToSlot(n)
      index(n)
    }
    nodeEpoch &+= 1
    unparkAllShapes()
  }

  private mutating func addToSlot(_ n: Int32) {
    let slot = nodes[Int(n)].slot
    while nodesBySlot.count <= slot { nodesBySlot.append([]) }
    nodesBySlot[slot].append(n)
  }

  private mutating func setState(of name: String, to state: NodeState, now: Time, decisions: inout [Decision])
    throws(CoreError)
  {
    guard let n = nodeIndex[name] else { throw .unknownNode(name) }
    switch state {
    case .ready:
      nodes[Int(n)].state = .ready
      index(n)
      nodeEpoch &+= 1
      unparkAllShapes()
    case .draining, .drained:
      guard nodes[Int(n)].state != .down else {
        throw .invalidRequest("node '\(name)' is down: resume it or let it re-register")
      }
      unindex(n)
      nodes[Int(n)].state = nodes[Int(n)].runs.isEmpty ? .drained : .draining
      dropReservations(onNode: n)
      nodeEpoch &+= 1
    case .down:
      lose(n, now: now, decisions: &decisions)
    }
  }

  /// The node is gone: its jobs are requeued (if they allow it) or end as node_failed, uncharged for lost time.
  private mutating func lose(_ n: Int32, now: Time, decisions: inout [Decision]) {
    unindex(n)
    nodes[Int(n)].state = .down
    dropReservations(onNode: n)
    nodeEpoch &+= 1
    var affected: [JobID] = []
    for run in nodes[Int(n)].runs where !affected.contains(run.job) { affected.append(run.job) }
    for id in affected.sorted() {
      guard let record = jobs[id] else { continue }
      loseJob(id, requeue: record.requeue, now: now, decisions: &decisions)
    }
  }

  /// A running job is gone with its node or its processes: requeued, or ended as `node_failed`.
  private mutating func loseJob(_ id: JobID, requeue requeueable: Bool, now: Time, decisions: inout [Decision]) {
    let charged = release(id, lost: true, now: now, decisions: &decisions)
    if requeueable {
      decisions.append(.requeued(id, because: .nodeFailed))
      requeue(id)
    } else {
      forget(id, .nodeFailed, charged: charged, decisions: &decisions)
    }
  }
}
