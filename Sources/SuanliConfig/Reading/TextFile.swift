#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a whole configuration file as UTF-8, with the system's reason when it cannot.
enum TextFile {
  /// Configuration files are small: anything larger is a mistake (a wrong path, a binary).
  static let maxBytes = 16 << 20

  static func contents(of path: String) throws(ConfigError) -> String {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw systemFailure(path, "cannot open") }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        guard errno == EINTR else { throw systemFailure(path, "cannot read") }
        continue
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[..<count])
      guard bytes.count <= maxBytes else {
        throw failure(path, "is larger than \(maxBytes >> 20) MiB", hint: "is this the configuration file?")
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw failure(path, "is not UTF-8 text", hint: "is this the configuration file?")
    }
    return text
  }

  private static func failure(_ path: String, _ message: String, hint: String?) -> ConfigError {
    ConfigError(file: path, keyPath: "", message: message, hint: hint)
  }

  /// `what: <strerror(errno)>`, with a hint for the usual causes.
  private static func systemFailure(_ path: String, _ what: String) -> ConfigError {
    let code = errno
    return failure(path, "\(what): \(String(cString: strerror(code)))", hint: hint(for: code))
  }

  private static func hint(for error: Int32) -> String? {
    switch error {
    // (It reads suanlid.toml, agent.toml, a simulated cluster's description and the files they name.)
    case ENOENT: "check the path (examples of each configuration file are in etc/suanli/)"
    case EACCES: "the user running the command (suanlid's, for its configuration) must be able to read the file"
    case EISDIR: "give the path of the file, not of its directory"
    default: nil
    }
  }
}
