/// Who sent a request, from the connection's peer credentials, and what that makes them.
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

  /// Whether the caller may see (and act on) things of this enterprise.
  func mayAccess(enterprise: String) -> Bool { isOperator || enterprises.contains(enterprise) }
}
