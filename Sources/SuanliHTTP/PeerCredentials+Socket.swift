import CSystemd
import Glibc
import NIOCore

extension PeerCredentials {
  /// Reads `SO_PEERCRED` from a connected Unix socket channel; fails when the channel cannot tell.
  static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials> {
    guard let provider = channel as? any SocketOptionProvider else {
      return channel.eventLoop.makeFailedFuture(PeerCredentialsUnavailable())
    }
    let option: EventLoopFuture<suanli_ucred> = provider.unsafeGetSocketOption(
      level: SocketOptionLevel(SOL_SOCKET),
      name: SocketOptionName(SO_PEERCRED)
    )
    return option.flatMapThrowing { credentials in
      // A socket that is not connected to a process reports pid 0 (and uid/gid -1): not a caller we can identify.
      guard credentials.pid > 0 else { throw PeerCredentialsUnavailable() }
      return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }
  }
}

/// `SO_PEERCRED` gave nothing usable for a connection.
struct PeerCredentialsUnavailable: Error, CustomStringConvertible {
  var description: String { "the peer credentials (SO_PEERCRED) of the connection are unavailable" }
}
