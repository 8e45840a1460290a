import SuanliCore

/// `[[enterprise]]`: ids, names, members, weights, budgets, quotas, and a price for every model in a quota.
extension DaemonConfig {
  func validateEnterprises(_ check: Checker) throws(ConfigError) {
    var firstIndex: [String: Int] = [:]
    for (index, enterprise) in enterprises.enumerated() {
      let path = KeyPath.appending(index: index, to: "enterprise")
      let id = enterprise.id
      try check.require(
        Names.isEnterpriseID(id), at: path + ".id", "\"\(id)\" is not a valid enterprise id",
        hint: Names.enterpriseIDRule)
      if let earlier = firstIndex[id] {
        throw ConfigError(
          file: check.file, keyPath: path + ".id", message: "\"\(id)\" is already the id of enterprise[\(earlier)]",
          hint: "enterprise ids must be unique")
      }
      firstIndex[id] = index
      try enterprise.validate(check, at: path, prices: prices)
    }
  }
}

extension EnterpriseConfig {
  fileprivate func validate(_ check: Checker, at path: String, prices: PriceTable) throws(ConfigError) {
    try check.require(
      !name.isEmpty && name.count <= 128
        && !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
      at: path + ".name", "must be 1 to 128 characters without control characters")
    try validateMembers(check, at: path + ".members")
    try check.require(
      spec.fairShareWeight, in: 1e-6...1e6, at: path + ".fair_share_weight", "must be between 0.000001 and 1000000",
      hint: "a relative share: an enterprise with weight 2 is entitled to twice the usage of one with weight 1")
    try check.require(
      spec.boost, in: 0...1, at: path + ".boost", "must be between 0 and 1",
      hint: "0 is no boost, 1 the full scheduler.weights.boost")
    try check.require(
      spec.credits.millis, in: 0...DaemonConfig.maxBudgetMillis, at: path + ".budget", as: .thousandths("credits"),
      hint: "the opening balance in credits, applied when the enterprise is first configured")
    try Self.validate(spec.guaranteed, check, at: path + ".guaranteed")
    try Self.validate(spec.limit, check, at: path + ".limit")
    try validateGuaranteeWithinLimit(check, at: path)
    for model in spec.limit.cards.keys.sorted() where spec.limit.cards[model]! > 0 {
      try check.require(
        prices.perCardHour[model] != nil, at: KeyPath.appending(model, to: path + ".limit.cards"),
        "model \"\(model)\" has no price, so its use could not be charged",
        hint: "add \"\(model)\" = <credits per card-hour> under [prices.cards] (0 makes it free)")
    }
  }

  private func validateMembers(_ check: Checker, at path: String) throws(ConfigError) {
    var seen = Set<Member>()
    for (index, member) in members.enumerated() {
      let memberPath = KeyPath.appending(index: index, to: path)
      switch member {
      case .user(let name):
        try check.require(
          Names.isUnixName(name), at: memberPath, "\"\(name)\" is not a valid user name",
          hint: "write \"user\", \"@group\" or \"*\" (everyone); " + Names.unixNameRule)
      case .group(let name):
        try check.require(
          Names.isUnixName(name), at: memberPath, "\"@\(name)\" is not a valid group name", hint: Names.unixNameRule)
      case .everyone: break
      }
      try check.require(seen.insert(member).inserted, at: memberPath, "\"\(member)\" is listed twice")
    }
  }

  private static func validate(_ amounts: ResourceAmounts, _ check: Checker, at path: String) throws(ConfigError) {
    try check.require(amounts.cpuMillis, in: 0...DaemonConfig.maxQuantity, at: path + ".cpu", as: .thousandths("cores"))
    try check.require(amounts.memoryMiB, in: 0...DaemonConfig.maxQuantity, at: path + ".memory", as: .mebibytes)
    for model in amounts.cards.keys.sorted() {
      let modelPath = KeyPath.appending(model, to: path + ".cards")
      try check.require(
        Names.isModel(model), at: modelPath, "\"\(model)\" is not a valid model name", hint: Names.modelRule)
      try check.require(amounts.cards[model]!, in: 0...DaemonConfig.maxQuantity, at: modelPath, as: .count("cards"))
    }
  }

  /// The guarantee is the part of the limit that is always obtainable: it cannot exceed the limit.
  private func validateGuaranteeWithinLimit(_ check: Checker, at path: String) throws(ConfigError) {
    let guaranteed = spec.guaranteed
    let limit = spec.limit
    var pairs: [(key: String, guaranteed: Int, limit: Int, notation: Notation)] = [
      ("cpu", guaranteed.cpuMillis, limit.cpuMillis, .thousandths("cores")),
      ("memory", guaranteed.memoryMiB, limit.memoryMiB, .mebibytes),
    ]
    for model in guaranteed.cards.keys.sorted() {
      pairs.append(
        (KeyPath.appending(model, to: "cards"), guaranteed.cards[model]!, limit.cards[model] ?? 0, .count("cards")))
    }
    for pair in pairs {
      try check.require(
        pair.guaranteed <= pair.limit, at: path + ".guaranteed." + pair.key,
        "\(pair.notation.show(pair.guaranteed)) guaranteed exceeds the limit of \(pair.notation.show(pair.limit))",
        hint: "raise limit.\(pair.key) to at least the guarantee, or lower the guarantee")
    }
  }
}
