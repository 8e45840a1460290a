/// Where the server listens.
public enum ListenAddress: Sendable, Hashable {
  /// Bind a Unix stream socket at this path: the parent directory is created when missing, a stale socket file is
  /// replaced, the socket is made world-connectable (mode 0666; access is decided from peer credentials) and the
  /// path is removed on shutdown. Fails if another server already answers on the path.
  case path(String)
  /// Serve an already bound and listening Unix stream socket, e.g. one passed by systemd socket activation
  /// (`SD_LISTEN_FDS_START`). Its path is never removed: it belongs to whoever bound it.
  case inheritedDescriptor(Int32)
  /// Bind a TCP socket and speak TLS on it, for callers on other machines (``Peer/remote(address:)``).
  case tls(TLSEndpoint)
  /// Speak TLS on an already bound and listening TCP socket, e.g. one passed by systemd socket activation, with
  /// the endpoint's certificate and key (its host and port only describe it).
  case inheritedTLS(Int32, TLSEndpoint)
}

extension ListenAddress: CustomStringConvertible {
  public var description: String {
    switch self {
    case .path(let path): path
    case .inheritedDescriptor(let descriptor): "inherited fd \(descriptor)"
    case .tls(let endpoint): "tls://\(endpoint)"
    case .inheritedTLS(let descriptor, _): "tls on inherited fd \(descriptor)"
    }
  }
}
