import Foundation

/// A real Unix-domain socket for tests: bound, listening, connected, received from.
final class UnixSocket {
  let fd: Int32
  private var boundPath: String?

  init(type: Int32) throws {
    fd = socket(AF_UNIX, type, 0)
    guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
  }

  /// A datagram socket bound at `path`, like systemd's notification socket.
  static func datagram(boundAt path: String) throws -> UnixSocket {
    let socket = try UnixSocket(type: Int32(SOCK_DGRAM.rawValue))
    try socket.bind(path)
    return socket
  }

  /// A stream socket bound at `path` and listening, like a `.socket` unit's.
  static func listening(at path: String) throws -> UnixSocket {
    let socket = try UnixSocket(type: Int32(SOCK_STREAM.rawValue))
    try socket.bind(path)
    guard listen(socket.fd, 8) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return socket
  }

  func bind(_ path: String) throws {
    try withAddress(path) { Foundation.bind(fd, $0, $1) }
    boundPath = path
  }

  func connect(_ path: String) throws {
    try withAddress(path) { Foundation.connect(fd, $0, $1) }
  }

  /// Makes receives give up after `seconds` so that a test cannot hang.
  func setReceiveTimeout(seconds: Int) {
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  /// One datagram (or whatever one `recv` returns on a stream), or nil on timeout or end of stream.
  func receive() -> String? {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = recv(fd, &buffer, buffer.count, 0)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count], as: UTF8.self)
  }

  private func withAddress(_ path: String, _ call: (UnsafePointer<sockaddr>, socklen_t) -> Int32) throws {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long")
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard result == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
  }

  deinit {
    close(fd)
    if let boundPath { unlink(boundPath) }
  }
}
