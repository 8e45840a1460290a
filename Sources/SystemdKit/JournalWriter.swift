internal import CSystemd
internal import Glibc

/// Sends entries to journald's native socket with `sd_journal_sendv(3)` (the variadic `sd_journal_send` cannot be
/// called from Swift). Values may contain newlines: libsystemd then uses journald's binary-safe encoding.
enum JournalWriter {
  /// Sends one entry; returns 0 or a negative errno. Note that libsystemd also returns 0 when no journald listens.
  @discardableResult
  static func send(_ entry: JournalEntry) -> Int32 {
    // All "NAME=value" strings in one buffer, each an iovec pointing into it.
    var buffer: [UInt8] = []
    var ranges: [Range<Int>] = []
    for (name, value) in entry.fields {
      let start = buffer.count
      buffer.append(contentsOf: name.utf8)
      buffer.append(UInt8(ascii: "="))
      buffer.append(contentsOf: value.utf8)
      ranges.append(start..<buffer.count)
    }
    return buffer.withUnsafeMutableBytes { bytes in
      let vectors = ranges.map { range in
        iovec(iov_base: bytes.baseAddress.map { $0 + range.lowerBound }, iov_len: range.count)
      }
      return sd_journal_sendv(vectors, Int32(vectors.count))
    }
  }
}
