/// How a simulated job ended.
public enum JobFate: String, Sendable, Hashable, Codable {
  /// Ran to completion within its walltime.
  case completed
  /// Outran its walltime estimate and was stopped there.
  case timeout
  /// Preempted without being requeued.
  case preempted
  /// Refused at submission (it asks for more than its enterprise's limit).
  case rejected
  /// Still waiting (or running) when nothing more could happen: e.g. its enterprise's budget ran out.
  case unfinished
}

/// What happened to one job during a replay.
public struct JobProgress: Sendable, Hashable {
  public var fate: JobFate = .unfinished
  /// When it first started, or -1.
  public var firstStart: Int64 = -1
  /// When it ended, or -1.
  public var end: Int64 = -1
  /// Seconds it spent running, over all its runs.
  public var ran: Int64 = 0
  public var preemptions = 0
  /// Start of the current run, and its number (older completions are stale).
  var runStart: Int64 = -1
  var run: UInt32 = 0
  var running = false
  /// The cluster model index of the current run's cards, or -1.
  var model = -1
  var modelIndex: Int? { model < 0 ? nil : model }

  /// Submission to end.
  public func completionTime(submit: Int64) -> Int64? { end >= 0 ? end - submit : nil }

  /// Time spent pending: from submission to the end, less the time running (waits after a preemption
  /// count too). For a job that ran once, its start minus its submission.
  public func queueingDelay(submit: Int64) -> Int64? { end >= 0 ? end - submit - ran : nil }
}
