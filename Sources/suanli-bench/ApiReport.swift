import Foundation

/// The figures of `suanli-bench api`, as a table or one JSON object.
struct ApiReport: Encodable {
  struct Targets: Encodable {
    var submitPerS: Double
    var batchSubmitPerS: Double
  }
  var benchmark = "api"
  var clients: Int
  var jobs: Int
  var batchSize: Int
  var submitPerS: Double
  var batchSubmitPerS: Double
  /// Daemon CPU time (user + system) per job: steadier than rates on a busy machine.
  var daemonCpuUsPerSubmit: Double
  var daemonCpuUsPerBatchedJob: Double
  var listMs: Double
  var listedJobs: Int
  var rssMb: Double
  var targets: Targets

  var json: String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
  }

  var table: String {
    func mark(_ ok: Bool) -> String { ok ? "✔" : "✘" }
    return """
      suanlid API, \(clients) clients, \(jobs) jobs per phase
        single submissions   \(Int(submitPerS))/s   (target ≥ \(Int(targets.submitPerS))) \(mark(submitPerS >= targets.submitPerS))
        batch submissions    \(Int(batchSubmitPerS))/s   (batches of \(batchSize); target ≥ \(Int(targets.batchSubmitPerS))) \(mark(batchSubmitPerS >= targets.batchSubmitPerS))
        daemon CPU per job   \(Int(daemonCpuUsPerSubmit)) µs single, \(Int(daemonCpuUsPerBatchedJob)) µs batched
        list \(listedJobs) jobs     \(String(format: "%.1f", listMs)) ms
        daemon RSS           \(String(format: "%.1f", rssMb)) MiB
      """
  }
}
