internal import Glibc

extension JournalLogHandler {
  /// Where a ``JournalLogHandler`` writes.
  public enum Sink: Sendable, Hashable {
    /// Native journal entries with structured fields (`sd_journal_sendv`).
    case journal
    /// One readable line per record on this file descriptor (which the handler does not own or close).
    case lines(fileDescriptor: Int32)

    /// Readable lines on standard error.
    public static let standardError = Sink.lines(fileDescriptor: STDERR_FILENO)

    /// ``journal`` when standard error is connected to journald — `JOURNAL_STREAM` is set and names stderr's
    /// device and inode, as systemd sets it for a service whose output goes to the journal — otherwise
    /// ``standardError``. A daemon run from a shell, or whose stderr was redirected, thus logs readable lines.
    public static func detect() -> Sink {
      let journalStream = getenv("JOURNAL_STREAM").map { String(cString: $0) }
      return JournalStream.isConnected(fileDescriptor: STDERR_FILENO, journalStream: journalStream)
        ? .journal : .standardError
    }
  }
}
