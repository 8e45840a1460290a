internal import HeapModule

extension Heap {
  /// Removes every element and keeps the storage: a heap rebuilt at each recalculation fills again to about its
  /// size before, without growing from nothing one allocation per doubling. (Its storage stays at the largest
  /// size it reached, stale entries included, which the rebuilds bound.)
  mutating func removeAllKeepingCapacity() { removeAll { _ in true } }
}
