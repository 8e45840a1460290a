import Foundation
import SuanliConfig
import Testing

/// agent.toml's `[agent] daemon`, `token_file`, `ca_file`: a daemon on another machine, reached over TLS.
@Suite struct RemoteDaemonTests {
  static let directory: String = {
    // One fixed directory (same files each run), so that runs leave nothing new behind.
    let path = NSTemporaryDirectory() + "suanli-config-remote"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path + "/agent.token", contents: Data("  suanli_abc-DEF_123\n".utf8))
    _ = FileManager.default.createFile(atPath: path + "/empty.token", contents: Data("\n".utf8))
    _ = FileManager.default.createFile(atPath: path + "/two.token", contents: Data("suanli_a suanli_b\n".utf8))
    _ = FileManager.default.createFile(atPath: path + "/ca.pem", contents: Data("PEM\n".utf8))
    _ = FileManager.default.createFile(atPath: path + "/odd.token", contents: Data("suanli_ab\u{7f}cd\n".utf8))
    _ = FileManager.default.createFile(atPath: path + "/shared.token", contents: Data("suanli_abc\n".utf8))
    for name in ["agent", "empty", "two", "odd"] { chmod(path + "/\(name).token", 0o600) }
    chmod(path + "/shared.token", 0o644)
    return path
  }()
  static var token: String { directory + "/agent.token" }
  static var ca: String { directory + "/ca.pem" }

  static func parse(_ agent: String) throws(ConfigError) -> AgentConfig {
    try AgentConfig.parse("[agent]\nnode = \"n1\"\n" + agent, source: "agent.toml", isRoot: true)
  }

  @Test func everyKeyIsRead() throws {
    let config = try Self.parse(
      "daemon = \"https://suanli.example.org:7443/\"\ntoken_file = \"\(Self.token)\"\nca_file = \"\(Self.ca)\"")
    let remote = try #require(config.remoteDaemon)
    #expect(remote.address == HostPort(host: "suanli.example.org", port: 7443))
    #expect(remote.tokenFile == Self.token)
    #expect(remote.caFile == Self.ca)
    #expect(remote.url == "https://suanli.example.org:7443")
    #expect(try remote.readToken() == "suanli_abc-DEF_123")
    let byAddress = try Self.parse("daemon = \"https://[2001:db8::1]:7443\"\ntoken_file = \"\(Self.token)\"")
    #expect(byAddress.remoteDaemon?.address.host == "2001:db8::1")
    #expect(byAddress.remoteDaemon?.caFile == nil, "the system's roots")
    #expect(try Self.parse("").remoteDaemon == nil, "the Unix socket by default")
  }

  static let bad: [(name: String, agent: String, key: String)] = [
    ("socket and daemon", "socket = \"/run/x.sock\"\ndaemon = \"https://h:1\"\ntoken_file = \"\(token)\"", "daemon"),
    ("plain http", "daemon = \"http://h:7443\"\ntoken_file = \"\(token)\"", "daemon"),
    ("no port", "daemon = \"https://h\"\ntoken_file = \"\(token)\"", "daemon"),
    ("bad port", "daemon = \"https://h:http\"\ntoken_file = \"\(token)\"", "daemon"),
    ("no token file", "daemon = \"https://h:7443\"", "token_file"),
    ("missing token file", "daemon = \"https://h:7443\"\ntoken_file = \"/nonexistent/t\"", "token_file"),
    ("empty token file", "daemon = \"https://h:7443\"\ntoken_file = \"\(directory)/empty.token\"", "token_file"),
    ("two tokens", "daemon = \"https://h:7443\"\ntoken_file = \"\(directory)/two.token\"", "token_file"),
    ("not a token", "daemon = \"https://h:7443\"\ntoken_file = \"\(directory)/odd.token\"", "token_file"),
    ("token others may read", "daemon = \"https://h:7443\"\ntoken_file = \"\(directory)/shared.token\"", "token_file"),
    ("missing CA", "daemon = \"https://h:7443\"\ntoken_file = \"\(token)\"\nca_file = \"/nonexistent/ca\"", "ca_file"),
    ("token without daemon", "token_file = \"\(token)\"", "token_file"),
    ("CA without daemon", "ca_file = \"\(ca)\"", "ca_file"),
  ]

  @Test func aTokenFileOthersMayReadIsRefusedWithTheFix() {
    do {
      _ = try Self.parse("daemon = \"https://h:7443\"\ntoken_file = \"\(Self.directory)/shared.token\"")
      Issue.record("a token file of mode 0644 was accepted")
    } catch {
      #expect(error.message.contains("can be read by others (mode 644)"), "\(error)")
      #expect(error.hint == "chmod 600 \(Self.directory)/shared.token", "\(error)")
    }
  }

  @Test(arguments: bad.indices)
  func isRefusedAtItsKey(_ index: Int) throws {
    let bad = Self.bad[index]
    do {
      _ = try Self.parse(bad.agent)
      Issue.record("accepted: \(bad.name)")
    } catch {
      #expect(error.keyPath == "agent.\(bad.key)", "\(bad.name): \(error)")
      #expect(error.hint != nil, "\(bad.name): \(error)")
    }
  }
}
