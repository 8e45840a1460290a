import SuanliConfig
import SuanliCore
import Testing

/// The commented example in `etc/suanli/suanlid.toml` is loaded from the repository, so it cannot rot.
@Suite struct ExampleFileTests {
  /// `<repository>/etc/suanli/suanlid.toml`, found from this file's path.
  static var examplePath: String {
    var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)  // Tests/SuanliConfigTests/ExampleFileTests.swift
    return (components + ["etc", "suanli", "suanlid.toml"]).joined(separator: "/")
  }

  @Test func theExampleLoads() throws {
    let config = try DaemonConfig.load(contentsOf: Self.examplePath, paths: Doc.paths)
    #expect(config.socketPath == "/run/suanli/suanli.sock")
    #expect(config.stateDirectory == "/var/lib/suanli")
    #expect(config.adminGroup == "suanli-admin")
    #expect(config.agentUser == "suanli-agent")
    #expect(config.maxRequestBytes == 1 << 20)
    #expect(config.nodeDownAfter == 60)
    #expect(config.defaultWalltime == 3_600)
    #expect(config.scheduler.maxWalltime == 7 * 86_400)
    #expect(config.scheduler.backfillDepth == 32)
    #expect(config.prices.perCardHour["nvidia-h200"] == Credits(millis: 12_500))
    #expect(config.prices.perCoreHour == Credits(millis: 50))
    #expect(config.enterprises.map(\.id) == ["lingxi-robotics", "gdut-vision-lab", "city-hospital-ai", "qiming-llm"])
  }

  @Test func theExampleEnterprisesReadAsWritten() throws {
    let config = try DaemonConfig.load(contentsOf: Self.examplePath, paths: Doc.paths)
    let robotics = try #require(config.enterprises.first)
    #expect(robotics.members == [.group("lingxi"), .user("chen.wei")])
    #expect(
      robotics.spec.guaranteed == ResourceAmounts(cpuMillis: 256_000, memoryMiB: 2 << 20, cards: ["nvidia-h200": 16]))
    #expect(robotics.spec.limit.cards == ["nvidia-h200": 32, "nvidia-a100": 16])
    #expect(robotics.spec.fairShareWeight == 2)
    #expect(robotics.spec.credits == Credits(200_000))
    let hospital = config.enterprises[2]
    #expect(hospital.spec.fairShareWeight == 1.5)  // written with the alias `weight`
    #expect(hospital.spec.boost == 0.8)
    #expect(config.enterprises[1].spec.credits == Credits(millis: 50_000_500))
    #expect(config.enterprises[3].spec.limit.cpuMillis == 384_000)  // cpu as a string
  }
}
