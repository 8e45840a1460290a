/// Bounds on connections that have not yet sent a complete first request, for a port anyone on the network can
/// reach (the remote agents' TLS port): a stranger who connects and sends nothing, or stalls the TLS handshake,
/// must not take the places of the clients that show who they are.
///
/// Such connections are counted apart from ``HTTPServer/maxConnections``, at most ``maxConnections`` of them at
/// once and at most ``maxConnectionsPerOrigin`` from one address (an IPv6 one counts with its /64; further ones
/// are closed as soon as they are accepted), and each is closed unless its first request has
/// arrived in full within ``deadline`` of its acceptance (over TLS, the handshake included). A connection whose
/// first request has arrived counts against ``HTTPServer/maxConnections`` from then on. For this to keep strangers
/// out, the responder must answer a request without valid credentials with a response that
/// ``HTTPResponse/closesConnection``: then a connection outlives its first request only if it was accepted.
public struct FirstRequestLimits: Sendable, Hashable {
  /// How long after its acceptance a connection may take to deliver its first request in full.
  public var deadline: Duration
  /// The most connections waiting for their first request at once.
  public var maxConnections: Int
  /// The most of them from one address (one /64 for IPv6), so that one host cannot take them all.
  public var maxConnectionsPerOrigin: Int

  /// Creates the limits.
  public init(deadline: Duration, maxConnections: Int, maxConnectionsPerOrigin: Int? = nil) {
    self.deadline = deadline
    self.maxConnections = max(1, maxConnections)
    self.maxConnectionsPerOrigin = max(1, min(self.maxConnections, maxConnectionsPerOrigin ?? self.maxConnections))
  }
}
