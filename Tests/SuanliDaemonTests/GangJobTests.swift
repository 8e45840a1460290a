import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// A multi-node job succeeds when every node's processes have succeeded, and fails as soon as one node's fail.
@Suite(.serialized)
struct GangJobTests {
  private func gang(_ client: SuanliClient) throws -> UInt64 {
    for node in ["n1", "n2"] { _ = try client.register(node) }
    var submission = JobSubmission.gpu(8, name: "allreduce")
    submission.nodes = 2
    let id = try #require(try client.submit(submission).jobIds.first)
    #expect(try client.waitFor(id, .starting).placement?.nodes.count == 2)
    #expect(try client.report(id, node: "n1", "running").state == .running)
    return id
  }

  @Test func aGangSucceedsOnlyWhenAllItsNodesHave() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let id = try gang(client)
    let half = try client.report(id, node: "n1", "succeeded", exitCode: 0)
    #expect(half.state == .running, "n2 still runs its part")
    #expect(try client.job(id).timeline?.last.map { [$0.event, $0.detail] } == ["node_succeeded", "n1"])
    // The agent's retry of the same report changes nothing.
    #expect(try client.report(id, node: "n1", "succeeded", exitCode: 0).state == .running)
    #expect(try client.job(id).timeline?.filter { $0.event == "node_succeeded" }.count == 1)
    // A daemon restarted meanwhile still knows that n1 is done.
    _ = daemon.kill9()
    try daemon.start()
    for node in ["n1", "n2"] { _ = try client.register(node, running: [id]) }
    #expect(try client.report(id, node: "n2", "succeeded", exitCode: 0).state == .succeeded)
  }

  @Test func aGangFailsAsSoonAsOneNodeFails() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let id = try gang(client)
    let failed = try client.report(id, node: "n2", "failed", exitCode: 3)
    #expect(failed.state == .failed && failed.exitCode == 3)
    #expect(try client.assignments("n1").jobs.isEmpty, "n1 must stop its part")
  }
}

/// A node name an operator could not name in `suanli node token`, or that would escape or split a cgroup path or
/// the job wrapper's lists, is refused at registration.
@Test(arguments: ["gpu 01", "..", "a/b", "a,b"])
func aNodeNameThatIsNotAHostNameIsRefusedAtRegistration(name: String) throws {
  let daemon = try DaemonProcess(config: TestConfig.standard())
  try daemon.start()
  let refused = apiError { try daemon.client().register(name) }
  #expect(
    refused?.status == 400 && refused?.error.message.contains("letters, digits") == true,
    "\(String(describing: refused))")
  #expect(try daemon.client().call("GET", "/v1/nodes", as: NodeList.self).nodes.isEmpty, "nothing registered")
}
