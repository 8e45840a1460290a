/// Who is at the other end of a connection, as far as the server can tell.
///
/// Authorization depends on the kind: a local caller is identified by the kernel (its uid), a remote one only by
/// what it sends (a node's token); the responder decides what each may do.
public enum Peer: Sendable, Hashable {
  /// A process on this machine, connected to the Unix socket: its credentials from `SO_PEERCRED`.
  case local(PeerCredentials)
  /// A machine connected over TCP with TLS: its address (`192.0.2.7:51234`), for logs only.
  case remote(address: String)
}

extension Peer {
  /// Who repeated refusals are counted by (see ``WarningThrottle``): a remote peer's IP address without its port
  /// (`192.0.2.7`, `2001:db8::1`), a local one's uid (`uid 1000`).
  public var origin: String {
    switch self {
    case .local(let credentials):
      return "uid \(credentials.uid)"
    case .remote(let address):
      if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
        return String(address[address.index(after: address.startIndex)..<close])
      }
      guard let colon = address.lastIndex(of: ":") else { return address }
      return String(address[..<colon])
    }
  }
}
