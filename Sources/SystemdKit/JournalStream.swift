internal import Glibc

/// Whether a file descriptor is the stream systemd connected to journald for this service (`JOURNAL_STREAM`).
enum JournalStream {
  /// True when `journalStream` (the value of `JOURNAL_STREAM`, `"<device>:<inode>"`) names the file `fd` refers to,
  /// as `fstat(2)` reports it. A process whose stderr was redirected elsewhere gets false, even under systemd.
  static func isConnected(fileDescriptor fd: Int32, journalStream: String?) -> Bool {
    guard let journalStream else { return false }
    let parts = journalStream.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return false }
    return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
  }
}
