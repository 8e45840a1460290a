internal import Glibc

/// Writes whole buffers to a file descriptor.
enum FileDescriptorWriter {
  /// Writes all of `text` with as few `write(2)` calls as the kernel allows (one for a line on a pipe), retrying on
  /// `EINTR` and after partial writes; gives up silently on other errors, as a logger must not fail its caller.
  static func write(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if written > 0 {
          offset += written
        } else if written < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }
}
