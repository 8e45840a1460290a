import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport

/// A real `suanlid` with its agents' TLS port (`[agents]`) on a free loopback port, serving a certificate for
/// 127.0.0.1 signed by a CA made for the test; and what remote agents need to reach it.
final class RemoteDaemon: @unchecked Sendable {
  let daemon: DaemonProcess
  let certificates: TestCertificates
  let port: Int
  let directory: String

  /// `start`: start the daemon and wait until the TLS port answers; `privateKey` replaces the server's key.
  init(start: Bool = true, port: Int? = nil, privateKey: String? = nil) throws {
    directory = NSTemporaryDirectory() + "suanli-tls-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    certificates = try TestCertificates.make(in: directory)
    self.port = try port ?? freeLoopbackPort()
    let agents = """

      [agents]
      listen = "127.0.0.1:\(self.port)"
      certificate = "\(certificates.certificatePath)"
      private_key = "\(privateKey ?? certificates.privateKeyPath)"
      """
    daemon = try DaemonProcess(config: TestConfig.standard(extra: agents))
    guard start else { return }
    try daemon.start()
    try waitUntil("the agents' TLS port to answer") { try self.curl("GET", "/v1/agent/assignments").status == 401 }
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  var url: String { "https://127.0.0.1:\(port)" }

  /// A new token for `node`, created by root over the Unix socket (as `suanli node token NODE` does).
  func token(for node: String) throws -> String {
    try daemon.client().call("POST", "/v1/nodes/\(node)/token", as: NodeToken.self).token
  }

  /// The token written to a file of its own (mode 0600), as an operator installs it on the node.
  func tokenFile(_ token: String, name: String) throws -> String {
    let path = directory + "/\(name).token"
    try (token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o600)
    return path
  }

  /// The `[agent]` lines of a remote agent using `tokenFile`.
  func connection(tokenFile: String) -> String {
    """
    daemon = "\(url)"
    token_file = "\(tokenFile)"
    ca_file = "\(certificates.caPath)"
    """
  }

  /// A request to the TLS port with curl (trusting the test CA), with `token` as bearer: curl's exit status, the
  /// HTTP status (0 when there was no HTTP answer) and the body.
  func curl(_ method: String, _ path: String, token: String? = nil, body: String? = nil, scheme: String = "https")
    throws -> (exit: Int32, status: Int, body: String)
  {
    var arguments = [
      "-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "10", "--cacert", certificates.caPath, "-X", method,
      "\(scheme)://127.0.0.1:\(port)\(path)",
    ]
    if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
    if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
    let (status, output) = try runCapturingOutput("/usr/bin/curl", arguments)
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    return (status, Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
  }

  /// A registration of `node` as JSON, as an agent sends it.
  static func registration(_ node: String) -> String {
    String(
      decoding: APIJSON.encode(
        AgentRegistration(node: node, cpuMillis: 8_000, memoryMib: 8_192, model: "nvidia-h200", cards: 2)),
      as: UTF8.self)
  }

  /// The bytes of the daemon's database files (the database and its write-ahead log).
  func databaseBytes() -> Data {
    ["suanli.db", "suanli.db-wal"].reduce(into: Data()) { bytes, name in
      bytes += FileManager.default.contents(atPath: daemon.stateDirectory + "/" + name) ?? Data()
    }
  }
}
