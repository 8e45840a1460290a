internal import ArgumentParser
internal import SuanliAPI

/// A job as a user writes it: its id (`42`), or an element of an array Slurm-style (`42_7`: array job 42,
/// index 7).
struct JobReference: ExpressibleByArgument, Hashable, CustomStringConvertible {
  var id: UInt64
  /// The array index, when written `ARRAY_INDEX`; then `id` is the array job's id.
  var arrayIndex: Int?

  init(id: UInt64, arrayIndex: Int? = nil) {
    self.id = id
    self.arrayIndex = arrayIndex
  }

  init?(argument: String) {
    let parts = argument.split(separator: "_", omittingEmptySubsequences: false)
    guard parts.count <= 2, let id = UInt64(parts[0]), id > 0 else { return nil }
    if parts.count == 2 {
      guard let index = Int(parts[1]), index >= 0 else { return nil }
      self.init(id: id, arrayIndex: index)
    } else {
      self.init(id: id)
    }
  }

  var description: String { arrayIndex.map { "\(id)_\($0)" } ?? "\(id)" }

  /// The job's own id: an array element is looked up among the jobs listed after its array job.
  func resolve(with client: CLIClient) throws(CLIError) -> UInt64 {
    guard let arrayIndex else { return id }
    var after = id - 1
    while true {
      let page = try client.call("GET", "/v1/jobs?state=all&after=\(after)&limit=1000", as: JobList.self)
      for job in page.jobs {
        if job.arrayJobId == id && job.arrayIndex == arrayIndex { return job.id }
        // Elements of one array have consecutive ids: past them, it is not there.
        if job.id != id && job.arrayJobId != id { throw notFound }
      }
      guard let next = page.nextAfter else { throw notFound }
      after = next
    }
  }

  private var notFound: CLIError {
    CLIError(
      "no job \(self): array job \(id) has no index \(arrayIndex ?? 0)", hint: "suanli queue --state all lists jobs",
      exitCode: CLIExit.notFound)
  }
}

extension JobInfo {
  /// How tables name the job: `42`, or `42_7` for index 7 of array job 42 (as squeue does).
  var displayID: String {
    guard let arrayJobId, let arrayIndex else { return "\(id)" }
    return "\(arrayJobId)_\(arrayIndex)"
  }
}
