import Glibc

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

extension Peer {
  /// Who shares the places of connections waiting for their first request (``FirstRequestLimits``): a remote
  /// IPv4 address, or the /64 of an IPv6 one (one host usually has a whole /64); else ``origin``.
  public var originGroup: String {
    let origin = self.origin
    guard case .remote = self, origin.contains(":") else { return origin }
    var bytes = [UInt8](repeating: 0, count: 16)
    guard inet_pton(AF_INET6, origin, &bytes) == 1 else { return origin }
    let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
    return groups.joined(separator: ":") + "::/64"
  }
}
