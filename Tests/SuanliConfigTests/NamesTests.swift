import Testing

@testable import SuanliConfig

/// The naming rules for enterprise ids, accelerator models and Unix users and groups.
@Suite struct NamesTests {
  @Test func enterpriseIDs() {
    for good in ["acme", "a", "0day", "city-hospital_ai", String(repeating: "x", count: 63)] {
      #expect(Names.isEnterpriseID(good), "\(good)")
    }
    for bad in ["", "Acme", "-acme", "_acme", "a.b", "a b", "ä", String(repeating: "x", count: 64)] {
      #expect(!Names.isEnterpriseID(bad), "\(bad)")
    }
  }

  @Test func models() {
    for good in ["nvidia-h200", "ascend-910b", "mi300x", "gpu.v2_1", String(repeating: "m", count: 64)] {
      #expect(Names.isModel(good), "\(good)")
    }
    for bad in ["", "H200", ".h200", "-h200", "h 200", "h200/x", String(repeating: "m", count: 65)] {
      #expect(!Names.isModel(bad), "\(bad)")
    }
  }

  @Test func unixNames() {
    for good in ["alice", "chen.wei", "_svc", "Bob", "build-01", "host$", String(repeating: "u", count: 32)] {
      #expect(Names.isUnixName(good), "\(good)")
    }
    for bad in ["", "1abc", "-x", ".x", "a b", "a:b", "a/b", "$", "é", String(repeating: "u", count: 33)] {
      #expect(!Names.isUnixName(bad), "\(bad)")
    }
  }

  @Test func messagesShowValuesAsTheFileWritesThem() throws {
    let cpu = try #require(
      Doc.error(of: ValidationErrorTests.enterpriseWithoutKeys + "limit = { cpu = -1.5, memory = 1 }"))
    #expect(cpu.message == "must not be negative, not -1.5 cores")
    let down = try #require(Doc.error(of: Doc.config("[nodes]\nheartbeat_interval = \"30s\"\ndown_after = 20")))
    #expect(down.message == "must be longer than nodes.heartbeat_interval (30s), not 20s")
    let price = try #require(Doc.error(of: Doc.config("[prices]\ncore_hour = -0.25")))
    #expect(price.message == "must not be negative, not -0.25 credits")
  }
}

extension NamesTests {
  @Test func moreMessagesInTheFilesNotation() throws {
    let memory = try #require(
      Doc.error(of: Doc.config(enterprises: Doc.enterprise + "guaranteed = { memory = \"1T\" }")))
    #expect(memory.message == "1T guaranteed exceeds the limit of 16G")
    let boost = try #require(Doc.error(of: Doc.config(enterprises: Doc.enterprise + "boost = 2")))
    #expect(boost.message == "must be between 0 and 1, not 2")
    let weight = try #require(Doc.error(of: Doc.config("[scheduler.weights]\nage = -0.5")))
    #expect(weight.message == "must be between 0 and 1000000000, not -0.5")
  }
}
