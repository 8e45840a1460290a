#if canImport(Glibc)
  import Glibc
#endif

/// Small reads of kernel files and the environment (for the job wrapper and the agent).
public enum TextReader {
  /// A whole small file (`/proc`, `/sys`) as text, or nil when it cannot be read.
  public static func contents(_ path: String, limit: Int = 1 << 20) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 << 10)
    while bytes.count < limit {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      bytes.append(contentsOf: chunk[..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
