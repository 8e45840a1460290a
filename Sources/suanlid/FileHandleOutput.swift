import Glibc

enum FileHandleOutput {
  /// Writes to file descriptor 2 (no shared `FILE *` state).
  static func standardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
  }
}
