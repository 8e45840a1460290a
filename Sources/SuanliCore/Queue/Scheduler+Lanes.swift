/// Lanes of waiters for room: one per label selector and slot (0: CPU-only, model + 1).
///
/// Waiters that no node with freed room could serve are better not looked at. A shape with a label selector (a
/// site, say) fits only the nodes with those labels, so its waiters go in a lane of their own: a node's scan
/// looks only at the lanes of its slot and of the selectors its labels match. In one lane of slot and cards,
/// waiters on other sites' selectors were popped and put back by every scan of a node elsewhere.
extension Scheduler {
  struct LaneKey: Hashable, Sendable {
    /// Index into `selectorGroups`; 0 is the empty selector.
    var selectorGroup: Int32
    var slot: Int
  }

  /// The index of a label selector among those of the shapes, added when new.
  mutating func selectorGroup(of selector: [ShapeKey.Label]) -> Int32 {
    if let group = selectorGroupIndex[selector] { return group }
    let group = Int32(selectorGroups.count)
    selectorGroups.append(selector)
    selectorGroupIndex[selector] = group
    return group
  }

  /// The lane of waiters with this selector on this slot, added when new.
  mutating func lane(selectorGroup: Int32, slot: Int) -> Int {
    let key = LaneKey(selectorGroup: selectorGroup, slot: slot)
    if let lane = laneIndex[key] { return lane }
    laneKeys.append(key)
    laneIndex[key] = laneKeys.count - 1
    return laneKeys.count - 1
  }

  /// What decides the lanes a node serves, and those lanes among the first `laneCount` (extended by the lanes
  /// added since): worked out once for all the nodes of a kind (a site's nodes of one model, say). Kinds are
  /// kept once made: labels unique to each node (a host name) make one kind per node, as before kinds, and a
  /// node relabelled leaves its old kind behind (a few words each).
  struct NodeKind: Sendable {
    struct Key: Hashable, Sendable {
      var slot: Int
      var labels: [String: String]
    }

    var key: Key
    var lanes: [Int] = []
    var laneCount = 0
  }

  /// The index of the kind of node with this slot and these labels, added when new.
  mutating func nodeKind(slot: Int, labels: [String: String]) -> Int32 {
    let key = NodeKind.Key(slot: slot, labels: labels)
    if let kind = nodeKindIndex[key] { return kind }
    nodeKinds.append(NodeKind(key: key))
    nodeKindIndex[key] = Int32(nodeKinds.count - 1)
    return Int32(nodeKinds.count - 1)
  }

  /// The lanes whose waiters could fit node `n`: CPU-only ones and those of its slot, without a selector or with
  /// one its labels match.
  mutating func lanes(for n: Int32) -> [Int] {
    let k = Int(nodes[Int(n)].kind)
    if nodeKinds[k].laneCount != laneKeys.count {
      for lane in nodeKinds[k].laneCount..<laneKeys.count where serves(lane: lane, kind: k) {
        nodeKinds[k].lanes.append(lane)
      }
      nodeKinds[k].laneCount = laneKeys.count
    }
    return nodeKinds[k].lanes
  }

  private func serves(lane: Int, kind k: Int) -> Bool {
    let key = laneKeys[lane]
    guard key.slot == 0 || key.slot == nodeKinds[k].key.slot else { return false }
    return key.selectorGroup == 0
      || labelsMatch(selectorGroups[Int(key.selectorGroup)], nodeKinds[k].key.labels)
  }
}
