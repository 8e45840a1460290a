import Foundation
import SuanliAPI
import SuanliTestSupport
import Testing

/// What the daemon sends and accepts has exactly the fields `docs/openapi.json` documents: every key documented,
/// every required key present, checked recursively on fully populated values.
@Suite struct WireSchemaTests {
  let schemas: [String: [String: Any]]

  init() throws {
    let data = try Data(contentsOf: OpenAPIDocumentTests.documentURL)
    let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let components = document?["components"] as? [String: Any]
    schemas = components?["schemas"] as? [String: [String: Any]] ?? [:]
  }

  @Test func jobsMatchTheirSchemas() throws {
    var submission = JobSubmission(command: ["/bin/true"])
    submission.name = "n"
    submission.env = ["A": "1"]
    submission.workdir = "/"
    submission.cpuMillis = 1
    submission.memoryMib = 1
    submission.cards = 1
    submission.models = ["m"]
    submission.nodes = 1
    submission.selector = ["k": "v"]
    submission.walltimeSeconds = 1
    submission.jobClass = "low"
    submission.requeue = true
    submission.hold = false
    submission.enterprise = "e"
    submission.array = ArraySpec(first: 0, last: 1, step: 1)
    try check(submission, "JobSubmission")
    try check(BatchSubmission(jobs: [submission]), "BatchSubmission")
    try check(SubmitResult(jobIds: [1]), "SubmitResult")

    var info = JobInfo(
      id: 1, name: "n", enterprise: "e", user: "u", uid: 1, state: .running, jobClass: "low", command: ["x"],
      workdir: "/", cpuMillis: 1, memoryMib: 1, cards: 1, models: ["m"], nodes: 1, selector: [:],
      walltimeSeconds: 1, requeue: true, submitTime: 1, requeues: 0)
    info.env = [:]
    info.arrayJobId = 1
    info.arrayIndex = 0
    info.startTime = 1
    info.endTime = 2
    info.placement = PlacementInfo(model: "m", nodes: [.init(node: "n1", cards: [0])])
    info.exitCode = 0
    info.signal = 9
    info.heldCredits = "1"
    info.chargedCredits = "1"
    info.reason = PendingReasonInfo(code: "held", message: "held")
    info.priority = PriorityInfo(total: 1, jobClass: 1, age: 0, fairShare: 0, boost: 0)
    info.timeline = [TimelineEntry(time: 1, event: "submitted", detail: "d")]
    info.logPath = "/var/lib/suanli-agent/logs/1.log"
    try check(info, "JobInfo")
    try check(JobList(jobs: [info], nextAfter: 1), "JobList")
  }

  @Test func nodesEnterprisesAndLedgersMatchTheirSchemas() throws {
    var node = NodeInfo(
      name: "n", state: "ready", labels: ["a": "b"], model: "m", cards: 8, cpuMillis: 1, memoryMib: 1)
    node.stateReason = "r"
    node.lastHeartbeat = 1
    try check(NodeList(nodes: [node]), "NodeList")
    try check(DrainRequest(reason: "r"), "DrainRequest")
    let enterprise = EnterpriseInfo(
      id: "e", name: "E",
      quota: [ResourceQuota(resource: "cpu", guaranteed: 1, limit: 2, inUse: 1, borrowed: 0, pendingDemand: 0)],
      fairShareWeight: 1, fairShareFactor: 1, boost: 0, balance: "1", held: "0", available: "1", pendingJobs: 0,
      runningJobs: 0)
    try check(EnterpriseList(enterprises: [enterprise]), "EnterpriseList")
    let entry = LedgerEntryInfo(
      seq: 1, time: 1, enterprise: "e", jobId: 1, kind: "hold", amount: "1", balance: "1", available: "0", note: "n")
    try check(Ledger(enterprise: enterprise, entries: [entry]), "Ledger")
    try check(GrantRequest(credits: "1", note: "n"), "GrantRequest")
    let row = UsageRow(enterprise: "e", key: "k", jobs: 1, cardHours: 1, coreHours: 1, credits: "1")
    try check(UsageReport(since: 1, until: 2, by: "model", rows: [row]), "UsageReport")
    try check(
      DaemonInfo(
        version: "v", apiVersion: "v1", schema: 1, startedAt: 1, uptimeSeconds: 1,
        jobs: .init(pending: 0, held: 0, running: 0), nodes: ["ready": 1],
        caller: .init(uid: 0, user: "root", isOperator: true, enterprises: [])), "DaemonInfo")
    try check(APIErrorBody(APIError(.conflict, "m", hint: "h")), "Error")
  }

  @Test func agentMessagesMatchTheirSchemas() throws {
    try check(
      AgentRegistration(node: "n", cpuMillis: 1, memoryMib: 1, model: "m", cards: 1, running: [1]), "AgentRegistration")
    try check(AgentAck(heartbeatIntervalSeconds: 10), "AgentAck")
    try check(AgentHeartbeat(node: "n", running: []), "AgentHeartbeat")
    let assignment = Assignment(
      jobId: 1, name: "n", uid: 1, gid: 1, user: "u", command: ["x"], env: [:], workdir: "/", cpuMillis: 1,
      memoryMib: 1, model: "m", cards: [0], nodelist: ["n"], walltimeSeconds: 1, arrayIndex: 0, startTime: 1)
    try check(Assignments(version: 1, jobs: [assignment]), "Assignments")
    try check(
      JobStateReport(node: "n", state: "failed", exitCode: 1, signal: 9, message: "m", logPath: "/l"), "JobStateReport")
    try check(NodeToken(node: "n", token: "suanli_x", created: 1), "NodeToken")
    try check(NodeTokenRevocation(node: "n", revoked: true), "NodeTokenRevocation")
    try check(APIErrorBody(APIError(.unauthorized, "m", hint: "h")), "Error")
  }

  /// Encodes `value` and checks it against the named schema.
  private func check(_ value: some Encodable, _ schema: String) throws {
    let json = try JSONSerialization.jsonObject(with: APIJSON.encode(value))
    try conform(json, to: ["$ref": "#/components/schemas/\(schema)"], at: schema)
  }

  private func conform(_ json: Any, to schema: [String: Any], at path: String) throws {
    if let reference = schema["$ref"] as? String {
      let name = String(reference.split(separator: "/").last ?? "")
      let resolved = try #require(schemas[name], "\(path): no schema \(name)")
      return try conform(json, to: resolved, at: path)
    }
    switch schema["type"] as? String {
    case "object":
      let object = try #require(json as? [String: Any], "\(path) must be an object")
      if let properties = schema["properties"] as? [String: [String: Any]] {
        for key in object.keys { #expect(properties[key] != nil, "\(path).\(key) is not documented") }
        for key in schema["required"] as? [String] ?? [] { #expect(object[key] != nil, "\(path).\(key) is required") }
        for (key, value) in object {
          if let property = properties[key] { try conform(value, to: property, at: "\(path).\(key)") }
        }
      } else if let values = schema["additionalProperties"] as? [String: Any] {
        for (key, value) in object { try conform(value, to: values, at: "\(path).\(key)") }
      }
    case "array":
      let array = try #require(json as? [Any], "\(path) must be an array")
      let items = try #require(schema["items"] as? [String: Any])
      for (index, item) in array.enumerated() { try conform(item, to: items, at: "\(path)[\(index)]") }
    case "string": #expect(json is String, "\(path) must be a string")
    case "integer", "number":
      #expect(json is NSNumber && !(json is Bool) || json is Int || json is Double, "\(path) must be a number")
    case "boolean": #expect(json is Bool || json is NSNumber, "\(path) must be a boolean")
    default: break
    }
  }
}
