internal import Foundation
public import SuanliAPI
public import SuanliClient

extension JobSubmission {
  public static func gpu(_ cards: Int = 1, name: String = "train", walltime: Int64 = 3_600, enterprise: String? = nil)
    -> JobSubmission
  {
    var submission = JobSubmission(command: ["/bin/sleep", "60"])
    submission.name = name
    submission.cards = cards
    submission.models = ["nvidia-h200"]
    submission.walltimeSeconds = walltime
    submission.enterprise = enterprise
    return submission
  }
}

extension SuanliClient {
  public func register(_ node: String, cards: Int = 8, model: String = "nvidia-h200", running: [UInt64] = []) throws
    -> AgentAck
  {
    try call(
      "POST", "/v1/agent/register",
      body: AgentRegistration(
        node: node, labels: ["site": "test"], cpuMillis: 64_000, memoryMib: 512 * 1024, model: model, cards: cards,
        running: running), as: AgentAck.self)
  }

  public func assignments(_ node: String, version: UInt64 = 0, wait: Int = 0) throws -> Assignments {
    try call("GET", "/v1/agent/assignments?node=\(node)&version=\(version)&wait=\(wait)", as: Assignments.self)
  }

  public func report(_ job: UInt64, node: String, _ state: String, exitCode: Int? = nil) throws -> JobInfo {
    try call(
      "POST", "/v1/agent/jobs/\(job)/state", body: JobStateReport(node: node, state: state, exitCode: exitCode),
      as: JobInfo.self)
  }

  /// Polls until the job reaches `state` (the scheduler loop runs about every second).
  public func waitFor(_ job: UInt64, _ state: JobStateName, seconds: Int = 30) throws -> JobInfo {
    var info = try self.job(job)
    for _ in 0..<(seconds * 20) where info.state != state {
      usleep(50_000)
      info = try self.job(job)
    }
    return info
  }
}

/// The API error a call ends with, or nil when it succeeds or fails otherwise.
public func apiError(_ call: () throws -> some Any) -> (status: Int, error: APIError)? {
  do {
    _ = try call()
    return nil
  } catch let error as ClientError {
    if case .api(let status, let apiError) = error { return (status, apiError) }
    return nil
  } catch {
    return nil
  }
}
