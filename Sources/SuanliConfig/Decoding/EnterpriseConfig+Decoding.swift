import SuanliCore

/// One `[[enterprise]]` and its resource tables.
extension EnterpriseConfig {
  static let keys = [
    "id", "name", "members", "guaranteed", "limit", "fair_share_weight", "weight", "boost", "budget",
  ]
  static let resourceKeys = ["cpu", "memory", "cards"]

  static func read(_ enterprise: inout TableReader) throws(ConfigError) -> EnterpriseConfig {
    guard let id = try enterprise.string("id") else {
      throw enterprise.problem("id", "is required", hint: "give each enterprise a short id such as \"acme-robotics\"")
    }
    let name = try enterprise.string("name")
    let members = try enterprise.strings("members")?.map(Member.init) ?? []
    let guaranteed = try readAmounts(&enterprise, "guaranteed", required: []) ?? .none
    let limitHint = "e.g. limit = { cpu = 64, memory = \"512G\", cards = { \"nvidia-h200\" = 8 } }"
    guard let limit = try readAmounts(&enterprise, "limit", required: ["cpu", "memory"]) else {
      throw enterprise.problem("limit", "is required: without a limit the enterprise can use nothing", hint: limitHint)
    }
    let fairShare = try enterprise.number("fair_share_weight")
    let alias = try enterprise.number("weight")
    if fairShare != nil && alias != nil {
      throw enterprise.problem(
        "weight", "duplicates fair_share_weight", hint: "\"weight\" is another name for it: keep one of the two")
    }
    let spec = EnterpriseSpec(
      id: id, guaranteed: guaranteed, limit: limit, fairShareWeight: fairShare ?? alias ?? 1,
      boost: try enterprise.number("boost") ?? 0,
      credits: Credits(millis: try enterprise.credits("budget") ?? 0))
    return EnterpriseConfig(spec: spec, name: name, members: members)
  }

  /// `{ cpu = 64, memory = "512G", cards = { "nvidia-h200" = 16 } }`; absent keys are 0 unless required.
  private static func readAmounts(_ enterprise: inout TableReader, _ key: String, required: [String])
    throws(ConfigError) -> ResourceAmounts?
  {
    try enterprise.table(key, known: resourceKeys) { (table: inout TableReader) throws(ConfigError) in
      var amounts = ResourceAmounts()
      for resource in required where !table.keys.contains(resource) {
        throw table.problem(resource, "is required", hint: "write \(resource) = 0 if the enterprise gets none")
      }
      amounts.cpuMillis = Int(try table.millicores("cpu") ?? 0)
      amounts.memoryMiB = Int(try table.mebibytes("memory") ?? 0)
      amounts.cards =
        try table.table("cards", known: []) { (cards: inout TableReader) throws(ConfigError) in
          var counts: [String: Int] = [:]
          for model in cards.keys { counts[model] = Int(try cards.integer(model)!) }
          return counts
        } ?? [:]
      return amounts
    }
  }
}
