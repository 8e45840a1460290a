import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// Callers are who the kernel says they are (SO_PEERCRED): members act for their enterprise and see only its
/// jobs; others are refused with a message that says why.
@Suite struct IdentityTests {
  let nobody: (uid: UInt32, gid: UInt32) = (65534, 65534)

  @Test func aMemberOfSeveralEnterprisesMustChooseAndThenSeesOnlyItsOwnJobs() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let body = #"{"command":["/bin/true"],"cards":1,"models":["nvidia-a100"]}"#
    let ambiguous = try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/jobs", body: body)
    #expect(ambiguous.status == 400)
    #expect(ambiguous.body.contains("several enterprises") && ambiguous.body.contains("--enterprise"))

    let chosen = #"{"command":["/bin/true"],"cards":1,"models":["nvidia-a100"],"enterprise":"gamma"}"#
    let created = try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/jobs", body: chosen)
    #expect(created.status == 201)
    let theirs = try APIJSON.decode(SubmitResult.self, from: Data(created.body.utf8)).jobIds[0]
    let job = try daemon.client().job(theirs)
    #expect(job.uid == 65534 && job.user == "nobody" && job.enterprise == "gamma")

    // root's job belongs to acme: invisible and untouchable for nobody.
    let rootJob = try #require(try daemon.client().submit(.gpu()).jobIds.first)
    let list = try daemon.curl(as: nobody.uid, gid: nobody.gid, "GET", "/v1/jobs")
    let visible = try APIJSON.decode(JobList.self, from: Data(list.body.utf8)).jobs.map(\.id)
    #expect(visible == [theirs])
    #expect(try daemon.curl(as: nobody.uid, gid: nobody.gid, "GET", "/v1/jobs/\(rootJob)").status == 404)
    #expect(try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/jobs/\(rootJob)/cancel").status == 404)
    #expect(try daemon.client().job(rootJob).state == .pending)
  }

  @Test func aUserOfNoEnterpriseIsToldSoAndOperatorOnlyActionsAreRefused() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let body = #"{"command":["/bin/true"]}"#
    let stranger = try daemon.curl(as: 4242, gid: 4242, "POST", "/v1/jobs", body: body)
    #expect(stranger.status == 401)
    #expect(stranger.body.contains("not a member of any enterprise"))
    #expect(stranger.body.contains("suanlid.toml"))

    let notTheirs = #"{"command":["/bin/true"],"enterprise":"acme"}"#
    let refused = try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/jobs", body: notTheirs)
    #expect(refused.status == 401 && refused.body.contains("you may act for: beta, gamma"))
    #expect(try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/reload").status == 403)
    let register = #"{"node":"n9","labels":{},"cpu_millis":1000,"memory_mib":1024,"cards":0,"running":[]}"#
    #expect(
      try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/agent/register", body: register).status == 403)
    #expect(try daemon.client().call("GET", "/v1/nodes", as: NodeList.self).nodes.isEmpty)
    let grant = #"{"credits":"100"}"#
    #expect(
      try daemon.curl(as: nobody.uid, gid: nobody.gid, "POST", "/v1/enterprises/beta/grant", body: grant).status == 403)

    let info = try daemon.client().info()
    #expect(info.caller.operator_ && info.caller.user == "root" && info.caller.enterprises == ["acme"])
  }
}
