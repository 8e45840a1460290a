/// `[agents]`: the daemon also listens on TCP with TLS for node agents on other machines. Each of them
/// authenticates with its node's own token (`suanli node token NODE`); only the agent API is served there.
public struct AgentListener: Sendable, Hashable {
  /// `[agents] listen`: the address and port to bind (`"0.0.0.0:7443"`).
  public var address: HostPort
  /// `[agents] certificate`: the server's certificate chain, PEM (the agents verify it).
  public var certificatePath: String
  /// `[agents] private_key`: the certificate's private key, PEM.
  public var privateKeyPath: String

  public init(address: HostPort, certificatePath: String, privateKeyPath: String) {
    self.address = address
    self.certificatePath = certificatePath
    self.privateKeyPath = privateKeyPath
  }
}
