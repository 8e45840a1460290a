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

  /// The lanes whose waiters could fit node `n`: CPU-only ones and those of its slot, without a selector or with
  /// one its labels match. Kept on the node, and extended by the lanes added since (a node's labels and slot
  /// change only by its update, which forgets them).
  mutating func lanes(for n: Int32) -> [Int] {
    let i = Int(n)
    if nodes[i].laneCount != laneKeys.count {
      for lane in nodes[i].laneCount..<laneKeys.count where serves(lane: lane, node: n) { nodes[i].lanes.append(lane) }
      nodes[i].laneCount = laneKeys.count
    }
    return nodes[i].lanes
  }

  private func serves(lane: Int, node n: Int32) -> Bool {
    let key = laneKeys[lane]
    guard key.slot == 0 || key.slot == nodes[Int(n)].slot else { return false }
    return key.selectorGroup == 0 || labelsMatch(selectorGroups[Int(key.selectorGroup)], nodes[Int(n)].spec.labels)
  }
}
