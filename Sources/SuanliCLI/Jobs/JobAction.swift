internal import ArgumentParser
internal import SuanliAPI

/// Cancel, hold or release: `POST /v1/jobs/{id}/{action}` on each selected job, reporting each result and going
/// on past failures; the command then exits with the highest exit code among them.
struct JobAction {
  /// The API verb (`cancel`, `hold`, `release`).
  var verb: String
  /// The past tense a result line starts with (`Cancelled`).
  var done: String

  struct Result: Encodable {
    var jobId: UInt64?
    var job: String
    var state: String?
    var error: String?
    var hint: String?

    enum CodingKeys: String, CodingKey {
      case jobId = "job_id"
      case job, state, error, hint
    }
  }

  func run(_ selection: JobSelection, global: GlobalOptions) throws {
    let client = global.client()
    let targets = try selection.targets(with: client)
    var results: [Result] = []
    var worst = CLIExit.ok
    for target in targets {
      let name: String
      switch target {
      case .named(let reference): name = reference.description
      case .listed(let id): name = "\(id)"
      }
      do {
        guard let info = try act(on: target, selection: selection, with: client) else { continue }
        results.append(Result(jobId: info.id, job: name, state: info.state.rawValue))
        if !global.json { Output.line("\(done) job \(info.displayID)") }
      } catch {
        // Without the daemon nothing else can succeed.
        if error.exitCode == CLIExit.unreachable { throw error }
        results.append(Result(job: name, error: error.message, hint: error.hint))
        // The daemon's messages name the job already ("no job 42"); others get it in front.
        if !global.json {
          Output.error("suanli: " + (error.message.contains(name) ? "" : "job \(name): ") + "\(error)")
        }
        if error.exitCode.rawValue > worst.rawValue { worst = error.exitCode }
      }
    }
    if global.json {
      Output.json(results, key: "results")
    } else if targets.isEmpty {
      Output.line("No jobs to \(verb).")
    }
    if worst != CLIExit.ok { throw worst }
  }

  /// The job after the action, or nil when --state leaves a named job out.
  private func act(on target: JobSelection.Target, selection: JobSelection, with client: CLIClient)
    throws(CLIError) -> JobInfo?
  {
    let id: UInt64
    switch target {
    case .listed(let listed): id = listed
    case .named(let reference):
      id = try reference.resolve(with: client)
      if selection.state != nil, !selection.admits(try client.call("GET", "/v1/jobs/\(id)", as: JobInfo.self)) {
        return nil
      }
    }
    return try client.call("POST", "/v1/jobs/\(id)/\(verb)", as: JobInfo.self)
  }
}
