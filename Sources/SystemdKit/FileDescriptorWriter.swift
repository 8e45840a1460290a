internal import Glibc

/// Writes whole buffers to a file descriptor.
public enum FileDescriptorWriter {
  /// Writes all of `text` with as few `write(2)` calls as the kernel allows (one for a line on a pipe), retrying on
  /// `EINTR` and after partial writes; gives up silently on other errors, as a logger must not fail its caller.
  static func write(_ text: String, to fd: Int32) {
    _ = write(Array(text.utf8), to: fd)
  }

  /// Writes all of `bytes` the same way; whether they all went (else `errno` says why).
  @discardableResult
  public static func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if written > 0 {
          offset += written
        } else if written < 0 && errno == EINTR {
          continue
        } else {
          return false
        }
      }
      return true
    }
  }
}
