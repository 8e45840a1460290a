/// Why the core refused an event. Refused events change nothing.
public enum CoreError: Error, Hashable, Sendable, CustomStringConvertible {
  case invalidRequest(String)
  case duplicateJob(JobID)
  case unknownJob(JobID)
  case unknownEnterprise(String)
  case unknownNode(String)
  /// The job asks for more than its enterprise's limit: it could never start.
  case exceedsLimit(String)
  /// The job is not in a state where this event applies (e.g. releasing a job that is not held).
  case wrongState(JobID, JobState, String)

  public var description: String {
    switch self {
    case .invalidRequest(let text): "invalid request: \(text)"
    case .duplicateJob(let id): "job \(id) already exists"
    case .unknownJob(let id): "no job \(id)"
    case .unknownEnterprise(let id): "no enterprise '\(id)'"
    case .unknownNode(let name): "no node '\(name)'"
    case .exceedsLimit(let text): "exceeds the enterprise's limit: \(text)"
    case .wrongState(let id, let state, let action): "job \(id) is \(state.rawValue): cannot \(action)"
    }
  }
}
