internal import ArgumentParser
internal import SuanliAPI

/// `suanli version`: the CLI's version (and, with a daemon reachable, the daemon's).
struct Version: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print the version of suanli (and of suanlid).")

  @OptionGroup var global: GlobalOptions

  struct Versions: Encodable {
    var client: String
    var apiVersion: String
    var daemon: String?
    enum CodingKeys: String, CodingKey {
      case client
      case apiVersion = "api_version"
      case daemon
    }
  }

  func run() throws {
    let daemon = try? global.client().call("GET", "/v1/info", as: DaemonInfo.self).version
    let versions = Versions(client: APIVersion.release, apiVersion: "v1", daemon: daemon)
    if global.json { return Output.json(versions) }
    Output.line("suanli \(versions.client) (API v1)")
    Output.line(daemon.map { "suanlid \($0)" } ?? "suanlid: not reachable at \(global.socketPath)")
  }
}
