internal import SuanliAPI
internal import SuanliCore
internal import SuanliHTTP

/// `/v1/enterprises`: quotas and use, ledgers, grants.
enum EnterpriseRoutes {
  static func list(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(await context.engine.listEnterprises(caller: context.caller))
  }

  static func show(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.enterprise(context.parameter("id"), caller: context.caller))
  }

  static func ledger(_ context: RequestContext) async throws -> HTTPResponse {
    let limit = try context.queryInt("limit", default: 100, range: 1...100_000) ?? 100
    return Router.ok(
      try await context.engine.ledger(of: context.parameter("id"), limit: Int(limit), caller: context.caller))
  }

  static func grant(_ context: RequestContext) async throws -> HTTPResponse {
    let request = try context.body(GrantRequest.self)
    guard let credits = Credits(decimal: request.credits), credits > .zero else {
      throw APIError(.invalidField, "credits: must be a positive decimal number with at most 3 decimals, e.g. \"500\"")
    }
    if let note = request.note, note.count > 256 { throw APIError(.invalidField, "note: at most 256 characters") }
    return Router.ok(
      try await context.engine.grant(
        context.parameter("id"), credits: credits, note: request.note, caller: context.caller))
  }
}

extension Credits {
  /// Parses "500", "12.5" or "0.125" (at most three decimals, as credits are kept in thousandths).
  init?(decimal text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < 1 << 40 else { return nil }
    var millis = whole * 1000
    if parts.count == 2 {
      let fraction = parts[1]
      guard (1...3).contains(fraction.count), fraction.allSatisfy(\.isASCII), let digits = Int64(fraction),
        digits >= 0
      else { return nil }
      millis += digits * [100, 10, 1][fraction.count - 1]
    }
    self.init(millis: millis)
  }
}
