import SuanliConfig
import SuanliCore
import Testing

/// What absent keys mean, the embedded default, and where paths default to.
@Suite struct DefaultsTests {
  @Test func anEmptyFileGivesTheDefaults() throws {
    let config = try Doc.parse("")
    #expect(config == DaemonConfig(paths: Doc.paths))
    #expect(config.socketPath == Doc.paths.socketPath)
    #expect(config.stateDirectory == Doc.paths.stateDirectory)
    #expect(config.adminGroup == nil)
    #expect(config.agentUser == nil)
    #expect(config.maxRequestBytes == 1 << 20)
    #expect(config.heartbeatInterval == 10)
    #expect(config.nodeDownAfter == 60)
    #expect(config.defaultWalltime == 3_600)
    #expect(config.maxArraySize == 10_000)
    #expect(config.scheduler == SchedulerConfig())
    #expect(config.prices == PriceTable())
    #expect(config.enterprises.isEmpty)
  }

  @Test func emptySectionsGiveTheDefaults() throws {
    let config = try Doc.parse(
      "[daemon]\n[nodes]\n[jobs]\n[scheduler]\n[scheduler.weights]\n[prices]\n[prices.cards]\n")
    #expect(config == DaemonConfig(paths: Doc.paths))
  }

  @Test func anEnterpriseNeedsOnlyAnIdAndALimit() throws {
    let config = try Doc.parse("[[enterprise]]\nid = \"acme\"\nlimit = { cpu = 4, memory = 0 }\n")
    let acme = try #require(config.enterprises.first)
    #expect(acme.name == "acme")
    #expect(acme.members.isEmpty)
    #expect(
      acme.spec
        == EnterpriseSpec(
          id: "acme", guaranteed: .none, limit: ResourceAmounts(cpuMillis: 4_000), fairShareWeight: 1, boost: 0,
          credits: .zero))
  }

  @Test func membersAreUsersGroupsOrEveryone() throws {
    let config = try Doc.parse(Doc.config(enterprises: Doc.enterprise + "members = [\"alice\", \"@research\", \"*\"]"))
    #expect(config.enterprises[0].members == [.user("alice"), .group("research"), .everyone])
    #expect(config.enterprises[0].members.map(\.description) == ["alice", "@research", "*"])
  }

  @Test func theEmbeddedDefaultIsValidAndOpenToEveryone() throws {
    let config = DaemonConfig.embeddedDefault(paths: Doc.paths)
    try config.validate(source: "<embedded default>")
    #expect(config.socketPath == Doc.paths.socketPath)
    let only = try #require(config.enterprises.first)
    #expect(config.enterprises.count == 1)
    #expect(only.id == "default")
    #expect(only.name == "Default enterprise")
    #expect(only.members == [.everyone])
    #expect(only.spec.credits == Credits(1_000_000))
    #expect(only.spec.guaranteed == .none)
    for model in ["nvidia-h200", "nvidia-a100", "ascend-910b"] {
      #expect(only.spec.limit.cards[model] == 1_000_000)
      #expect(config.prices.perCardHour[model] != nil)
    }
  }

  /// The point of the embedded default: a demo job runs with no setup at all.
  @Test func aDemoJobRunsOnTheEmbeddedDefault() throws {
    let config = DaemonConfig.embeddedDefault(paths: Doc.paths)
    var scheduler = try Scheduler(config: config.scheduler, prices: config.prices, enterprises: config.enterpriseSpecs)
    _ = try scheduler.handle(
      .registerNode(NodeSpec(name: "n1", cpuMillis: 64_000, memoryMiB: 512 << 10, model: "nvidia-h200", cards: 8)),
      at: 0)
    let request = NodeRequest(cpuMillis: 8_000, memoryMiB: 64 << 10, cards: 8, models: ["nvidia-h200"])
    let job = JobSpec(
      id: 1, enterprise: "default", perNode: request, walltime: config.defaultWalltime, submitTime: 0)
    _ = try scheduler.handle(.submit(job), at: 0)
    _ = scheduler.cycle(at: 1)
    #expect(scheduler.job(1)?.state == .running)
  }

  @Test func pathsDependOnRootAndTheRuntimeDirectory() {
    let root = DefaultPaths(isRoot: true, runtimeDirectory: "/run/user/0")
    #expect(root.socketPath == "/run/suanli/suanli.sock")
    #expect(root.stateDirectory == "/var/lib/suanli")
    #expect(root.clientSocketCandidates == ["/run/suanli/suanli.sock"])
    let user = DefaultPaths(isRoot: false, runtimeDirectory: "/run/user/1000/")
    #expect(user.socketPath == "/run/user/1000/suanli/suanli.sock")
    #expect(user.stateDirectory == "./.suanli/state")
    #expect(user.clientSocketCandidates == ["/run/user/1000/suanli/suanli.sock", "/run/suanli/suanli.sock"])
    for runtimeDirectory in [nil, "", "relative/dir"] {
      let bare = DefaultPaths(isRoot: false, runtimeDirectory: runtimeDirectory)
      #expect(bare.socketPath == "./.suanli/suanli.sock")
      #expect(bare.stateDirectory == "./.suanli/state")
    }
  }

  @Test func pathsGivenInTheFileWinOverTheDefaults() throws {
    let config = try Doc.parse("[daemon]\nsocket = \"/srv/s.sock\"\nstate_dir = \"/srv/state\"\n")
    #expect(config.socketPath == "/srv/s.sock")
    #expect(config.stateDirectory == "/srv/state")
  }
}
