/// One socket that systemd (or `systemd-socket-activate`) passed to the process at start.
public struct ListenedSocket: Sendable, Hashable {
  /// The inherited file descriptor, numbered from `SD_LISTEN_FDS_START` (3).
  public var fd: Int32
  /// The socket's `FileDescriptorName=` from the `.socket` unit (`LISTEN_FDNAMES`), or `"unknown"` when unnamed.
  public var name: String

  /// Describes an inherited socket.
  public init(fd: Int32, name: String) {
    self.fd = fd
    self.name = name
  }
}
