/// Something that happened, for the core to apply.
public enum Event: Hashable, Sendable {
  case submit(JobSpec)
  /// Cancel a pending, held or running job (a running one is stopped).
  case cancel(JobID)
  case hold(JobID)
  case release(JobID)
  /// A node registers, or re-registers with new capacity or labels (it becomes ready).
  case registerNode(NodeSpec)
  /// An operator drains, resumes or downs a node.
  case setNodeState(String, NodeState)
  /// The node stopped answering: its jobs are requeued or end as node_failed.
  case nodeLost(String)
  /// The job's processes are gone without an end report (its agent came back without it): like a node
  /// failure for this job alone, it is requeued or ends as `node_failed`, and the lost time is not charged.
  case jobLost(JobID)
  /// The agent confirms the job's processes are running.
  case jobStarted(JobID)
  /// The agent reports the job ended: `succeeded`, `failed` or `timeout`.
  case jobFinished(JobID, JobEnd)
  /// Credits added to an enterprise (a compute voucher, a top-up).
  case grant(enterprise: String, Credits)
}
