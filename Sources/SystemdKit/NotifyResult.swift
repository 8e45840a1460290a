/// What became of one `sd_notify` message.
public enum NotifyResult: Sendable, Equatable {
  /// systemd's notification socket accepted the message.
  case sent
  /// `NOTIFY_SOCKET` is not set: the process does not run under systemd (or not as `Type=notify`); nothing was sent.
  case notUnderSystemd
  /// Sending failed with this `errno` value (for example `ECONNREFUSED` when the socket has no reader).
  case failed(errno: Int32)
}
