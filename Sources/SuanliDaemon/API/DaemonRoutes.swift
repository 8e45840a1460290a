internal import SuanliAPI
internal import SuanliHTTP

/// Daemon-wide endpoints: info, reload, usage.
enum DaemonRoutes {
  static func info(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(await context.engine.info(caller: context.caller))
  }

  static func reload(_ context: RequestContext) async throws -> HTTPResponse {
    guard context.caller.isOperator else {
      throw APIError(
        .forbidden, "only operators may reload the configuration", hint: "run as root or a member of the admin group")
    }
    try await context.reload()
    // Who the caller is may have changed with the new members. Operators are local callers (the TLS port serves
    // only the agent endpoints), so their uid and gid are the peer's.
    let caller = context.engine.callers.caller(uid: context.caller.uid, gid: context.caller.gid)
    return Router.ok(await context.engine.info(caller: caller))
  }

  static func usage(_ context: RequestContext) async throws -> HTTPResponse {
    let range: ClosedRange<Int64> = 0...(1 << 40)
    let report = try await context.engine.usage(
      since: try context.queryInt("since", range: range), until: try context.queryInt("until", range: range),
      enterprise: context.query("enterprise"), by: context.query("by") ?? "enterprise", caller: context.caller)
    return Router.ok(report)
  }
}
