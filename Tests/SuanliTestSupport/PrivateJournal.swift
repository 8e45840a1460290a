internal import Foundation

/// A journald of a test's own: run `unshare --mount --propagation private /bin/sh -c SCRIPT` with
/// `JOURNAL_DIR` set, and the script mounts a private `/run` with its own `systemd-journald` writing into that
/// directory, runs the test's part, flushes and stops journald. The host journal is untouched; read the entries
/// with `journalctl --directory=$JOURNAL_DIR/<machine id>` (see ../shared/recipes/systemd.md).
public enum PrivateJournal {
  public static let journald = "/lib/systemd/systemd-journald"

  /// Root, unshare and journald are there.
  public static var isAvailable: Bool {
    getuid() == 0 && FileManager.default.isExecutableFile(atPath: journald)
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
  }

  /// The script around `body`, which runs once journald listens and must leave its exit status in `status`.
  public static func script(_ body: String) -> String {
    """
    mount -t tmpfs tmpfs /run || exit 90
    mkdir -p /run/systemd/journal /run/log/journal
    mount --bind "$JOURNAL_DIR" /run/log/journal || exit 91
    if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal || exit 92; fi
    \(journald) &
    journald=$!
    for _ in $(seq 600); do
      [ -S /run/systemd/journal/socket ] && [ -S /run/systemd/journal/stdout ] && break
      sleep 0.1
    done
    [ -S /run/systemd/journal/socket ] || { kill $journald; exit 93; }
    \(body)
    journalctl --sync
    kill $journald
    wait $journald
    exit $status
    """
  }
}
