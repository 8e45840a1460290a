import SuanliCore

/// The benchmark's view of running jobs, to finish them in order of expected end. A binary min-heap with
/// lazy deletion: an entry counts only while it matches the job's current expected end.
struct RunningJobs {
  private struct Entry {
    var end: Time
    var job: JobID
    static func < (a: Entry, b: Entry) -> Bool { (a.end, a.job) < (b.end, b.job) }
  }

  private var heap: [Entry] = []
  private var ends: [JobID: Time] = [:]

  var count: Int { ends.count }

  /// A job started and is expected to end at `end`.
  mutating func started(_ job: JobID, end: Time) {
    ends[job] = end
    heap.append(Entry(end: end, job: job))
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child] < heap[parent] else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  /// The job stopped running (preempted, requeued, ended by the core).
  mutating func stopped(_ job: JobID) { ends[job] = nil }

  /// Removes and returns the running job with the earliest expected end.
  mutating func popEarliest() -> JobID? {
    while let top = heap.first {
      removeTop()
      if ends[top.job] == top.end {
        ends[top.job] = nil
        return top.job
      }
    }
    return nil
  }

  private mutating func removeTop() {
    let last = heap.removeLast()
    guard !heap.isEmpty else { return }
    heap[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var best = parent
      if left < heap.count, heap[left] < heap[best] { best = left }
      if right < heap.count, heap[right] < heap[best] { best = right }
      guard best != parent else { return }
      heap.swapAt(parent, best)
      parent = best
    }
  }
}
