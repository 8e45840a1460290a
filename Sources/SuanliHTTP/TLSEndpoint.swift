internal import SuanliAPI

/// A TCP address to listen on with TLS, and the server's certificate and private key (PEM files).
public struct TLSEndpoint: Sendable, Hashable {
  /// The address to bind: an IP address (`0.0.0.0`, `::`, `127.0.0.1`) or a host name.
  public var host: String
  /// The TCP port (0 lets the system choose one).
  public var port: Int
  /// The server's certificate chain, PEM: the server's certificate first, then any intermediates.
  public var certificatePath: String
  /// The certificate's private key, PEM.
  public var privateKeyPath: String

  /// Creates an endpoint from its parts.
  public init(host: String, port: Int, certificatePath: String, privateKeyPath: String) {
    self.host = host
    self.port = port
    self.certificatePath = certificatePath
    self.privateKeyPath = privateKeyPath
  }
}

extension TLSEndpoint: CustomStringConvertible {
  /// `host:port` (`[::]:7443` for IPv6).
  public var description: String { AddressText.hostPort(host, port) }
}
