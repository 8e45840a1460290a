/// Who sent a request, from the connection's peer credentials (or a remote agent's node token), and what that
/// makes them.
struct Caller: Sendable, Hashable {
  var uid: UInt32
  var gid: UInt32
  var user: String
  /// Root and members of the admin group: they see and act on everything.
  var isOperator: Bool
  /// Root and the configured agent user: they may call the agent endpoints.
  var isAgent: Bool
  /// The enterprises whose members include the caller, in configuration order.
  var enterprises: [String]
  /// A remote agent's node (from its token): the only node it may act for. Nil for callers on the Unix socket.
  var node: String? = nil

  /// Whether the caller may see (and act on) things of this enterprise.
  func mayAccess(enterprise: String) -> Bool { isOperator || enterprises.contains(enterprise) }
}
