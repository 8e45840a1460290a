/// What the core decided, for the daemon to carry out and record, in the order it must happen.
public enum Decision: Hashable, Sendable {
  /// Start the job on these nodes and cards.
  case start(JobID, Placement)
  /// Stop a running job that the core has already ended (cancel): SIGTERM, then SIGKILL after the grace.
  case stop(JobID, because: JobEnd)
  /// Stop `victim` so that `preemptor` can start; `requeued` tells whether it goes back to the queue.
  case preempt(JobID, by: JobID, requeued: Bool)
  /// A running job went back to the queue, keeping its submit time (preemption or node failure).
  case requeued(JobID, because: JobEnd)
  /// The job left the core for good; `charged` is what its enterprise paid.
  case ended(JobID, JobEnd, charged: Credits)
  /// A node changed state on its own (a draining node that emptied became drained).
  case nodeStateChanged(String, NodeState)
  /// A budget movement to record in the enterprise's ledger.
  case ledger(LedgerEntry)
}

/// One line of an enterprise's budget ledger.
public struct LedgerEntry: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable, Codable {
    /// Credits set aside when a job starts (walltime × price).
    case hold
    /// The actual runtime, taken from the balance when a job ends.
    case charge
    /// The rest of a hold, given back when a job ends.
    case release
    /// Credits added by an operator (a compute voucher, a top-up).
    case grant
  }
  public var time: Time
  public var enterprise: String
  public var job: JobID?
  public var kind: Kind
  public var amount: Credits
  /// Balance after this entry (holds do not change the balance, only what is available).
  public var balance: Credits
  /// Credits available for new holds after this entry.
  public var available: Credits
}
