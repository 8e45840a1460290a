/// Who is at the other end of a Unix socket connection, as the kernel reports it (`SO_PEERCRED`).
///
/// The values are those of the connecting process at the time it called `connect(2)`; they cannot be forged by
/// the client, which is why authorization is based on them rather than on file modes.
public struct PeerCredentials: Sendable, Hashable {
  /// The process id of the connecting process.
  public var pid: Int32
  /// The effective user id of the connecting process.
  public var uid: UInt32
  /// The effective group id of the connecting process.
  public var gid: UInt32

  /// Creates peer credentials from their three parts.
  public init(pid: Int32, uid: UInt32, gid: UInt32) {
    self.pid = pid
    self.uid = uid
    self.gid = gid
  }
}
