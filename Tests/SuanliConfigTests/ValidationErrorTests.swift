import SuanliConfig
import Testing

/// A bad document and the key its error must name.
struct BadConfig: Sendable, CustomTestStringConvertible {
  var name: String
  var toml: String
  var keyPath: String
  var testDescription: String { name }

  /// `sections` before the valid prices and enterprise.
  init(_ name: String, sections: String, at keyPath: String) {
    self.init(name, toml: Doc.config(sections), at: keyPath)
  }

  /// Keys added to the valid enterprise.
  init(_ name: String, enterprise lines: String, at keyPath: String) {
    self.init(name, toml: Doc.config(enterprises: Doc.enterprise + lines), at: keyPath)
  }

  init(_ name: String, toml: String, at keyPath: String) {
    self.name = name
    self.toml = toml
    self.keyPath = keyPath
  }
}

/// Every validation rule, as a table: the document is refused and the error names the file and the key.
@Suite struct ValidationErrorTests {
  static let longSocket = "/run/" + String(repeating: "x", count: 110) + ".sock"
  static let enterpriseWithoutKeys = "[[enterprise]]\nid = \"acme\"\n"

  static let daemonAndJobs: [BadConfig] = [
    BadConfig("empty socket", sections: "[daemon]\nsocket = \"\"", at: "daemon.socket"),
    BadConfig("socket path too long", sections: "[daemon]\nsocket = \"\(longSocket)\"", at: "daemon.socket"),
    BadConfig("socket not a string", sections: "[daemon]\nsocket = 5", at: "daemon.socket"),
    BadConfig("empty state directory", sections: "[daemon]\nstate_dir = \"\"", at: "daemon.state_dir"),
    BadConfig("bad admin group", sections: "[daemon]\nadmin_group = \"ops team\"", at: "daemon.admin_group"),
    BadConfig("bad agent user", sections: "[daemon]\nagent_user = \"1agent\"", at: "daemon.agent_user"),
    BadConfig("tiny request limit", sections: "[daemon]\nmax_request_bytes = 10", at: "daemon.max_request_bytes"),
    BadConfig("bad size unit", sections: "[daemon]\nmax_request_bytes = \"1X\"", at: "daemon.max_request_bytes"),
    BadConfig("zero heartbeat", sections: "[nodes]\nheartbeat_interval = 0", at: "nodes.heartbeat_interval"),
    BadConfig("negative heartbeat", sections: "[nodes]\nheartbeat_interval = -5", at: "nodes.heartbeat_interval"),
    BadConfig("down before a heartbeat", sections: "[nodes]\ndown_after = \"5s\"", at: "nodes.down_after"),
    BadConfig("zero default walltime", sections: "[jobs]\ndefault_walltime = \"0s\"", at: "jobs.default_walltime"),
    BadConfig("default above maximum", sections: "[jobs]\ndefault_walltime = \"30d\"", at: "jobs.default_walltime"),
    BadConfig("date as walltime", sections: "[jobs]\ndefault_walltime = 1979-05-27", at: "jobs.default_walltime"),
    BadConfig("float walltime", sections: "[jobs]\ndefault_walltime = 1.5", at: "jobs.default_walltime"),
    BadConfig("zero array size", sections: "[jobs]\nmax_array_size = 0", at: "jobs.max_array_size"),
    BadConfig("array size as text", sections: "[jobs]\nmax_array_size = \"many\"", at: "jobs.max_array_size"),
  ]

  static let scheduler: [BadConfig] = [
    BadConfig("negative weight", sections: "[scheduler.weights]\nage = -1", at: "scheduler.weights.age"),
    BadConfig("infinite weight", sections: "[scheduler.weights]\nclass = inf", at: "scheduler.weights.class"),
    BadConfig("zero half-life", sections: "[scheduler]\nusage_half_life = 0", at: "scheduler.usage_half_life"),
    BadConfig("zero max walltime", sections: "[scheduler]\nmax_walltime = 0", at: "scheduler.max_walltime"),
    BadConfig("negative backfill depth", sections: "[scheduler]\nbackfill_depth = -1", at: "scheduler.backfill_depth"),
    BadConfig("reclaim as text", sections: "[scheduler]\nreclaim = \"yes\"", at: "scheduler.reclaim"),
    BadConfig(
      "negative minimum runtime", sections: "[scheduler]\nmin_runtime_before_preemption = -1",
      at: "scheduler.min_runtime_before_preemption"),
    BadConfig(
      "bad recalc interval", sections: "[scheduler]\npriority_recalc_interval = \"1x\"",
      at: "scheduler.priority_recalc_interval"),
    BadConfig("units out of order", sections: "[scheduler]\nmax_age = \"1h1d\"", at: "scheduler.max_age"),
    BadConfig("negative max age", sections: "[scheduler]\nmax_age = -1", at: "scheduler.max_age"),
  ]

  static let prices: [BadConfig] = [
    BadConfig("negative core price", sections: "[prices]\ncore_hour = -1", at: "prices.core_hour"),
    BadConfig("price below a millicredit", sections: "[prices]\ngib_hour = 0.0001", at: "prices.gib_hour"),
    BadConfig("absurd price", sections: "[prices]\ngib_hour = 1e12", at: "prices.gib_hour"),
    BadConfig("price as text", sections: "[prices]\ncore_hour = \"cheap\"", at: "prices.core_hour"),
    BadConfig(
      "uppercase model", toml: Doc.config(prices: "[prices.cards]\n\"nvidia-h200\" = 1\nNVIDIA = 1\n"),
      at: "prices.cards.NVIDIA"),
    BadConfig(
      "negative card price", toml: Doc.config(prices: "[prices.cards]\n\"nvidia-h200\" = -2\n"),
      at: "prices.cards.nvidia-h200"),
  ]

  static let enterprises: [BadConfig] = [
    BadConfig("no id", toml: "[[enterprise]]\nlimit = { cpu = 1, memory = 1 }", at: "enterprise[0].id"),
    BadConfig(
      "uppercase id", toml: Doc.config(enterprises: Doc.enterprise.replacing("acme", with: "Acme")),
      at: "enterprise[0].id"),
    BadConfig("duplicate id", toml: Doc.config(enterprises: Doc.enterprise + Doc.enterprise), at: "enterprise[1].id"),
    BadConfig("empty name", enterprise: "name = \"\"", at: "enterprise[0].name"),
    BadConfig("bad user", enterprise: "members = [\"bad user\"]", at: "enterprise[0].members[0]"),
    BadConfig("empty group", enterprise: "members = [\"alice\", \"@\"]", at: "enterprise[0].members[1]"),
    BadConfig("member twice", enterprise: "members = [\"alice\", \"alice\"]", at: "enterprise[0].members[1]"),
    BadConfig("members not a list", enterprise: "members = \"alice\"", at: "enterprise[0].members"),
    BadConfig("member not a string", enterprise: "members = [1]", at: "enterprise[0].members[0]"),
    BadConfig("zero weight", enterprise: "fair_share_weight = 0", at: "enterprise[0].fair_share_weight"),
    BadConfig("negative weight alias", enterprise: "weight = -1", at: "enterprise[0].fair_share_weight"),
    BadConfig("weight given twice", enterprise: "weight = 1\nfair_share_weight = 2", at: "enterprise[0].weight"),
    BadConfig("boost above 1", enterprise: "boost = 1.5", at: "enterprise[0].boost"),
    BadConfig("negative budget", enterprise: "budget = -1", at: "enterprise[0].budget"),
    BadConfig("budget below a millicredit", enterprise: "budget = 0.0001", at: "enterprise[0].budget"),
    BadConfig("no limit", toml: Doc.enterpriseWithoutLimit, at: "enterprise[0].limit"),
    BadConfig("limit not a table", toml: enterpriseWithoutKeys + "limit = 5", at: "enterprise[0].limit"),
    BadConfig(
      "limit without memory", toml: enterpriseWithoutKeys + "limit = { cpu = 1 }", at: "enterprise[0].limit.memory"),
    BadConfig(
      "negative cpu", toml: enterpriseWithoutKeys + "limit = { cpu = -1, memory = 1 }", at: "enterprise[0].limit.cpu"),
    BadConfig(
      "cpu below a millicore", toml: enterpriseWithoutKeys + "limit = { cpu = 0.0001, memory = 1 }",
      at: "enterprise[0].limit.cpu"),
    BadConfig(
      "memory below a MiB", toml: enterpriseWithoutKeys + "limit = { cpu = 1, memory = \"1.5K\" }",
      at: "enterprise[0].limit.memory"),
    BadConfig(
      "negative cards",
      toml: enterpriseWithoutKeys + "limit = { cpu = 1, memory = 1, cards = { \"nvidia-h200\" = -1 } }",
      at: "enterprise[0].limit.cards.nvidia-h200"),
    BadConfig(
      "fractional cards",
      toml: enterpriseWithoutKeys + "limit = { cpu = 1, memory = 1, cards = { \"nvidia-h200\" = 1.5 } }",
      at: "enterprise[0].limit.cards.nvidia-h200"),
    BadConfig(
      "bad model name", toml: enterpriseWithoutKeys + "limit = { cpu = 1, memory = 1, cards = { \"H200\" = 1 } }",
      at: "enterprise[0].limit.cards.H200"),
    BadConfig(
      "model without a price", toml: Doc.config(enterprises: enterpriseWithoutKeys + Doc.limitWithAscend),
      at: "enterprise[0].limit.cards.ascend-910b"),
    BadConfig(
      "cpu guarantee above limit", enterprise: "guaranteed = { cpu = 16 }", at: "enterprise[0].guaranteed.cpu"),
    BadConfig(
      "memory guarantee above limit", enterprise: "guaranteed = { memory = \"1T\" }",
      at: "enterprise[0].guaranteed.memory"),
    BadConfig(
      "guarantee of a model outside the limit", enterprise: "guaranteed = { cards = { \"nvidia-a100\" = 1 } }",
      at: "enterprise[0].guaranteed.cards.nvidia-a100"),
    BadConfig(
      "third enterprise's card limit",
      toml: Doc.config(
        enterprises: Doc.enterprise + Doc.enterprise.replacing("acme", with: "beta")
          + Doc.enterprise.replacing("acme", with: "gamma").replacing("= 4", with: "= -4")),
      at: "enterprise[2].limit.cards.nvidia-h200"),
    BadConfig("single enterprise table", toml: "[enterprise]\nid = \"acme\"", at: "enterprise"),
    BadConfig("enterprise not a table", toml: "enterprise = [1]", at: "enterprise[0]"),
  ]

  static let unknownKeys: [BadConfig] = [
    BadConfig("unknown section", sections: "[deamon]\nsocket = \"/tmp/s\"", at: "deamon"),
    BadConfig("unknown top-level key", sections: "verbose = true", at: "verbose"),
    BadConfig("unknown daemon key", sections: "[daemon]\nsockt = \"/tmp/s\"", at: "daemon.sockt"),
    BadConfig("unknown weight", sections: "[scheduler.weights]\nfairshare = 1", at: "scheduler.weights.fairshare"),
    BadConfig("unknown price key", sections: "[prices]\ncpu_hour = 1", at: "prices.cpu_hour"),
    BadConfig("unknown enterprise key", enterprise: "boosst = 1", at: "enterprise[0].boosst"),
    BadConfig(
      "unknown resource", toml: enterpriseWithoutKeys + "limit = { cpu = 1, memory = 1, gpu = 1 }",
      at: "enterprise[0].limit.gpu"),
  ]

  @Test(arguments: daemonAndJobs + scheduler + prices + enterprises + unknownKeys)
  func aBadDocumentIsRefusedNamingTheKey(_ bad: BadConfig) throws {
    let error = try #require(Doc.error(of: bad.toml), "accepted: \(bad.toml)")
    #expect(error.keyPath == bad.keyPath, "\(error)")
    #expect(error.file == Doc.source)
    #expect(!error.message.isEmpty)
    #expect(error.description.hasPrefix("\(Doc.source): \(bad.keyPath): "))
  }

  @Test func theBaseDocumentOfTheTableIsValid() throws {
    _ = try Doc.parse(Doc.config())
    _ = try Doc.parse(Doc.config(enterprises: Doc.enterprise + Doc.enterprise.replacing("acme", with: "beta")))
  }

  @Test func errorsComeWithHints() throws {
    let unpriced = try #require(
      Doc.error(of: Doc.config(enterprises: Self.enterpriseWithoutKeys + Doc.limitWithAscend)))
    #expect(unpriced.hint?.contains("[prices.cards]") == true)
    let typo = try #require(Doc.error(of: Doc.config("[deamon]\nsocket = \"/tmp/s\"")))
    #expect(typo.hint == "did you mean \"daemon\"?")
    let guarantee = try #require(Doc.error(of: Doc.config(enterprises: Doc.enterprise + "guaranteed = { cpu = 16 }")))
    #expect(guarantee.message == "16 cores guaranteed exceeds the limit of 8 cores")
    #expect(guarantee.description.contains("\n  hint: "))
  }
}

extension Doc {
  static let enterpriseWithoutLimit = "[[enterprise]]\nid = \"acme\"\nmembers = [\"*\"]\n"
  static let limitWithAscend = "limit = { cpu = 1, memory = 1, cards = { \"nvidia-h200\" = 1, \"ascend-910b\" = 2 } }\n"
}
