import CSystemd
import Glibc

/// File-system chores around binding a Unix socket at a path.
enum UnixSocketPath {
  /// `sun_path` holds 108 bytes including the terminating NUL.
  static let maximumLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

  /// Makes `path` ready to bind: checks its length, creates the missing parent directories (0755), and removes a
  /// stale socket left by a server that died. Throws when a live server answers there or the path is not a socket.
  static func prepare(_ path: String) throws(HTTPServerError) {
    guard !path.isEmpty, path.utf8.count <= Self.maximumLength else {
      throw HTTPServerError(
        code: .invalidPath,
        message: "the socket path \(path.debugDescription) must have 1 to \(Self.maximumLength) bytes"
      )
    }
    try Self.createParentDirectories(of: path)
    var status = stat()
    guard lstat(path, &status) == 0 else {
      if errno == ENOENT { return }
      throw HTTPServerError(code: .invalidPath, message: "cannot inspect \(path): \(Self.lastError())")
    }
    guard status.st_mode & S_IFMT == S_IFSOCK else {
      throw HTTPServerError(code: .invalidPath, message: "\(path) exists and is not a socket; refusing to replace it")
    }
    guard !Self.someoneAnswers(at: path) else {
      throw HTTPServerError(code: .alreadyListening, message: "another suanlid is listening on \(path)")
    }
    guard unlink(path) == 0 || errno == ENOENT else {
      throw HTTPServerError(code: .cannotBind, message: "cannot remove the stale socket \(path): \(Self.lastError())")
    }
  }

  /// Lets every local user connect: who may do what is decided from the peer credentials of each connection.
  static func makeWorldConnectable(_ path: String) throws(HTTPServerError) {
    guard chmod(path, 0o666) == 0 else {
      throw HTTPServerError(code: .cannotBind, message: "cannot chmod 0666 \(path): \(Self.lastError())")
    }
  }

  /// Whether a process accepts connections on the socket at `path`. A non-blocking connect never waits: a full
  /// backlog (`EAGAIN`) still means someone listens; `ECONNREFUSED` means the socket file is stale.
  static func someoneAnswers(at path: String) -> Bool {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    guard var address = Self.address(path) else { return false }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    return result == 0 || errno == EAGAIN || errno == EINPROGRESS
  }

  /// A `sockaddr_un` for `path`, or `nil` when it does not fit.
  static func address(_ path: String) -> sockaddr_un? {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count <= Self.maximumLength else { return nil }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
    }
    return address
  }

  private static func createParentDirectories(of path: String) throws(HTTPServerError) {
    let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    var prefix = ""
    for (index, component) in components.enumerated() {
      prefix += index == 0 ? String(component) : "/" + component
      guard !prefix.isEmpty, !component.isEmpty, component != "." else { continue }
      if mkdir(prefix, 0o755) == 0 {
        // The umask may have narrowed the mode: say it explicitly.
        _ = chmod(prefix, 0o755)
      } else if errno != EEXIST {
        throw HTTPServerError(code: .cannotBind, message: "cannot create the directory \(prefix): \(Self.lastError())")
      }
    }
  }

  static func lastError() -> String {
    String(cString: strerror(errno))
  }
}
