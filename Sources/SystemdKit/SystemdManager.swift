import CSystemd

/// The service manager the machine runs under.
public enum SystemdManager {
  /// Whether systemd is PID 1 here (`sd_booted()`): units, `systemd-run` and `systemctl` work.
  public static var isRunning: Bool { sd_booted() > 0 }
}
