internal import CSystemd
internal import Glibc

/// Socket activation (`sd_listen_fds(3)`): the listening sockets systemd opened for the service.
public enum SocketActivation {
  /// The sockets passed with `LISTEN_FDS`/`LISTEN_PID`/`LISTEN_FDNAMES`, in order; empty when none were passed to this
  /// process or the variables are malformed. Unsets those variables so that children do not inherit them; call it
  /// once, at start-up.
  public static func listenFileDescriptors() -> [ListenedSocket] {
    var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    let count = sd_listen_fds_with_names(1, &names)
    defer { freeNames(names) }
    guard count > 0, let names else { return [] }
    return (0..<Int(count)).map { index in
      let name = names[index].map { String(cString: $0) } ?? "unknown"
      return ListenedSocket(fd: SD_LISTEN_FDS_START + Int32(index), name: name)
    }
  }

  /// Whether `fd` is a listening Unix stream socket, the kind the daemon's API serves on.
  public static func isUnixStreamSocket(_ fd: Int32) -> Bool {
    sd_is_socket_unix(fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0
  }

  /// Frees the NULL-terminated array of strings that `sd_listen_fds_with_names` allocated, and the array itself.
  private static func freeNames(_ names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
    guard let names else { return }
    var index = 0
    while let name = names[index] {
      free(name)
      index += 1
    }
    free(names)
  }
}
