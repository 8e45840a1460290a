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
