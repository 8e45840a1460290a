/// Strict priority order (`SchedulerConfig.strictOrder`): the best job that finds no room sets a barrier, and
/// the cycle stops at the first candidate ranked below it. The blocked shape is parked as usual, but comes
/// back at the start of the next cycle so that, whatever room frees, it is looked at before anyone below it.
extension Scheduler {
  /// Clears the barrier and puts the shapes parked for room by strict order back in the cycle's heap.
  mutating func reopenStrictlyParked() {
    orderBarrier = nil
    guard config.strictOrder else {
      strictlyParked.removeAll()
      return
    }
    let list = strictlyParked
    strictlyParked.removeAll(keepingCapacity: true)
    for s in list where shapes[Int(s)].parking == .resources || shapes[Int(s)].parking == .reservation {
      unparkShape(s)
    }
  }

  /// The cycle stops early: the waiters its room scans took out go back, and their nodes are scanned again
  /// by the next cycle.
  mutating func stopAtBarrier(_ rooms: inout [RoomScan]) {
    for scan in rooms {
      putBack(scan.tried)
      if !nodesWithRoom.contains(scan.node) { nodesWithRoom.append(scan.node) }
    }
    rooms.removeAll()
  }
}
