public import NIOSSL
import SuanliClient
public import SuanliConfig

#if canImport(Glibc)
  import Glibc
#endif

/// Where the agent reaches suanlid: its Unix socket on this machine, or its agents' TLS port from another one,
/// with the node's token and the certificates to trust.
public enum DaemonEndpoint: Sendable {
  /// The daemon's Unix socket (peer credentials identify the agent).
  case socket(String)
  /// The daemon's TLS port (`https://host:port`), the node's token, and the TLS client context to verify it with.
  case remote(HostPort, token: String, tls: NIOSSLContext)

  /// The endpoint `config` names: `[agent] daemon` with its token and CA file, else the configured socket or
  /// the first of the CLI's default sockets that exists. Throws when the token or the CA file cannot be used.
  public static func resolve(_ config: AgentConfig) throws -> DaemonEndpoint {
    guard let remote = config.remoteDaemon else {
      let candidates = config.socketCandidates()
      return .socket(candidates.first { access($0, F_OK) == 0 } ?? candidates[0])
    }
    let token = try remote.readToken()
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.minimumTLSVersion = .tlsv12
    if let caFile = remote.caFile {
      let hint = "[agent] ca_file must name PEM certificates (-----BEGIN CERTIFICATE-----)"
      let certificates: [NIOSSLCertificate]
      do { certificates = try NIOSSLCertificate.fromPEMFile(caFile) } catch {
        throw ConfigError(file: caFile, keyPath: "", message: "cannot read the CA certificates: \(error)", hint: hint)
      }
      guard !certificates.isEmpty else {
        throw ConfigError(file: caFile, keyPath: "", message: "the file holds no PEM certificate", hint: hint)
      }
      tls.trustRoots = .certificates(certificates)
    }
    do {
      return .remote(remote.address, token: token, tls: try NIOSSLContext(configuration: tls))
    } catch {
      throw ConfigError(
        file: remote.caFile ?? "", keyPath: "", message: "cannot set up TLS to \(remote.address): \(error)",
        hint: "check [agent] daemon and ca_file")
    }
  }

  /// The socket path, or `https://host:port`.
  public var address: String {
    switch self {
    case .socket(let path): path
    case .remote(let address, _, _): "https://\(address)"
    }
  }

  /// A client with its own connection to the daemon.
  func client(timeoutSeconds: Int) -> SuanliClient {
    switch self {
    case .socket(let path):
      SuanliClient(socketPath: path, timeoutSeconds: timeoutSeconds)
    case .remote(let address, let token, let tls):
      SuanliClient(
        transport: TLSTransport(
          host: address.host, port: address.port, context: tls, token: token, timeoutSeconds: timeoutSeconds))
    }
  }
}

extension DaemonEndpoint: CustomStringConvertible {
  /// The address only: the token never reaches a log line through an interpolated endpoint.
  public var description: String { address }
}
