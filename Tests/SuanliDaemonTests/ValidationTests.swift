import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// Every request is validated: bad input gets a JSON error with the right status and code, and changes nothing.
@Suite struct ValidationTests {
  static let cases: [(body: String, status: Int, code: String, mentions: String)] = [
    ("not json", 400, "bad_request", "JSON"),
    (#"{"name":"x"}"#, 400, "bad_request", "command"),
    (#"{"command":"sleep"}"#, 400, "bad_request", "command"),
    (#"{"command":[]}"#, 400, "invalid_field", "command"),
    (#"{"command":["/bin/true"],"gpus":8}"#, 400, "bad_request", "unknown field 'gpus'"),
    (#"{"command":["/bin/true"],"cards":2}"#, 400, "invalid_field", "models"),
    (
      #"{"command":["/bin/true"],"cards":1,"models":["nvidia-h100"]}"#, 400, "invalid_field",
      "unknown accelerator model"
    ),
    (#"{"command":["/bin/true"],"cards":65,"models":["nvidia-h200"]}"#, 400, "invalid_field", "cards"),
    (
      #"{"command":["/bin/true"],"cards":1,"models":["nvidia-h200"],"walltime_seconds":9999999}"#, 400, "invalid_field",
      "walltime"
    ),
    (#"{"command":["/bin/true"],"walltime_seconds":0}"#, 400, "invalid_field", "walltime"),
    (#"{"command":["/bin/true"],"class":"vip"}"#, 400, "invalid_field", "class"),
    (#"{"command":["/bin/true"],"cpu_millis":0}"#, 400, "invalid_field", "cpu_millis"),
    (#"{"command":["/bin/true"],"memory_mib":-1}"#, 400, "invalid_field", "memory_mib"),
    (#"{"command":["/bin/true"],"nodes":0}"#, 400, "invalid_field", "nodes"),
    (#"{"command":["/bin/true"],"workdir":"relative/dir"}"#, 400, "invalid_field", "workdir"),
    (#"{"command":["/bin/true"],"env":{"BAD NAME":"x"}}"#, 400, "invalid_field", "env"),
    (#"{"command":["/bin/true"],"enterprise":"nosuch"}"#, 400, "invalid_field", "unknown enterprise"),
    (#"{"command":["/bin/true"],"array":{"first":5,"last":1}}"#, 400, "invalid_field", "array"),
    (#"{"command":["/bin/true"],"array":{"first":0,"last":5000}}"#, 400, "invalid_field", "max_array_size"),
    (#"{"command":["/bin/true"],"cards":17,"models":["nvidia-h200"]}"#, 400, "invalid_field", "limit"),
    (#"{"command":["/bin/true"],"cards":8,"models":["nvidia-h200"],"nodes":3}"#, 400, "invalid_field", "limit"),
  ]

  @Test func badSubmissionsAreRefusedWithTheirReasonAndChangeNothing() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    for bad in Self.cases {
      let (status, body) = try client.raw("POST", "/v1/jobs", body: Array(bad.body.utf8))
      let error = try? APIJSON.decode(APIErrorBody.self, from: Data(body)).error
      #expect(status == bad.status, "\(bad.body)")
      #expect(error?.code.rawValue == bad.code, "\(bad.body): \(String(decoding: body, as: UTF8.self))")
      #expect(error?.message.contains(bad.mentions) == true, "\(bad.body): \(error?.message ?? "")")
    }
    // A batch with one bad job creates none.
    let batch = #"{"jobs":[{"command":["/bin/true"]},{"command":["/bin/true"],"class":"vip"}]}"#
    let (status, body) = try client.raw("POST", "/v1/jobs/batch", body: Array(batch.utf8))
    #expect(status == 400)
    #expect(String(decoding: body, as: UTF8.self).contains("jobs[1]"))
    // The core refuses the second job (beyond acme's limit): the first, already accepted by the core, is
    // taken back too.
    let overLimit =
      #"{"jobs":[{"command":["/bin/true"]},{"command":["/bin/true"],"cards":17,"models":["nvidia-h200"]}]}"#
    let refused = try client.raw("POST", "/v1/jobs/batch", body: Array(overLimit.utf8))
    #expect(refused.status == 400)
    #expect(String(decoding: refused.body, as: UTF8.self).contains("job 2 of 2"))
    #expect(try client.jobs(query: "state=all").jobs.isEmpty)
    let acme = try client.call("GET", "/v1/enterprises/acme", as: EnterpriseInfo.self)
    #expect(acme.pendingJobs == 0)
    #expect(try client.submit(JobSubmission(command: ["/bin/true"])).jobIds == [1])
  }

  @Test func malformedRequestsGetJSONErrorsAndTheDaemonKeepsServing() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let probes: [(String, String, Int)] = [
      ("GET", "/v1/nope", 404), ("DELETE", "/v1/jobs", 400), ("GET", "/v1/jobs/abc", 400),
      ("GET", "/v1/jobs?state=bogus", 400), ("GET", "/v1/jobs?limit=0", 400), ("GET", "/v1/usage?by=planet", 400),
      ("POST", "/v1/enterprises/acme/grant", 400), ("GET", "/v1/agent/assignments", 400),
      ("POST", "/v1/nodes/n1/drain", 400), ("GET", "/v1/nodes/none", 404),
    ]
    for (method, path, expected) in probes {
      let (status, body) = try client.raw(method, path, body: method == "POST" ? Array("{}".utf8) : nil)
      #expect(status == expected, "\(method) \(path)")
      #expect((try? APIJSON.decode(APIErrorBody.self, from: Data(body))) != nil, "\(method) \(path)")
    }
    let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20)
    let (status, _) = (try? client.raw("POST", "/v1/jobs", body: huge)) ?? (413, [])
    #expect(status == 413)
    #expect(try daemon.client().info().jobs.pending == 0)
  }
}
