import Foundation
import Glibc

/// A minimal blocking HTTP client over a Unix socket (POSIX calls only), with a receive timeout so that a test
/// cannot hang. Use it inside ``blocking(_:)``.
final class RawClient {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// A parsed response; header names are lowercased.
  struct Response: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: self.body, as: UTF8.self) }
  }

  private let descriptor: Int32
  private var buffer: [UInt8] = []

  init(path: String, timeoutSeconds: Int = 10) throws {
    self.descriptor = try Self.socket(AF_UNIX, timeoutSeconds: timeoutSeconds)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
    try self.connect(to: &address, "connect \(path)")
  }

  /// A TCP connection to 127.0.0.1:`port`, which speaks nothing unless told to (not even TLS).
  init(loopbackPort port: Int, timeoutSeconds: Int = 10) throws {
    self.descriptor = try Self.socket(AF_INET, timeoutSeconds: timeoutSeconds)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
    try self.connect(to: &address, "connect 127.0.0.1:\(port)")
  }

  private static func socket(_ family: Int32, timeoutSeconds: Int) throws -> Int32 {
    let descriptor = Glibc.socket(family, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    return descriptor
  }

  private func connect<Address>(to address: inout Address, _ what: String) throws {
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(self.descriptor, $0, socklen_t(MemoryLayout<Address>.size))
      }
    }
    guard result == 0 else {
      let code = errno
      close(self.descriptor)
      throw Failure(description: "\(what): errno \(code)")
    }
  }

  deinit {
    close(self.descriptor)
  }

  func send(_ text: String) throws {
    try self.send(Array(text.utf8))
  }

  func send(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(self.descriptor, $0.baseAddress, $0.count) }
      guard written > 0 else { throw Failure(description: "write: errno \(errno)") }
      offset += written
    }
  }

  /// Reads one response (its body sized by `Content-Length`); `nil` when the server closed before one arrived.
  func readResponse() throws -> Response? {
    while true {
      if let response = try self.parseBufferedResponse() { return response }
      guard try self.fill() else { return nil }
    }
  }

  /// Reads until the server closes the connection; returns what arrived after any buffered bytes.
  /// Throws if the server keeps the connection open past the timeout.
  func readUntilClosed() throws -> [UInt8] {
    while try self.fill() {}
    defer { self.buffer = [] }
    return self.buffer
  }

  /// Whether the server has closed the connection (reads EOF or a reset within the timeout).
  func isClosedByServer() -> Bool {
    (try? self.readUntilClosed()) != nil
  }

  /// Reads more bytes; `false` on EOF or reset.
  private func fill() throws -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { read(self.descriptor, $0.baseAddress, $0.count) }
    if count > 0 {
      self.buffer.append(contentsOf: chunk[..<count])
      return true
    }
    if count == 0 || errno == ECONNRESET { return false }
    throw Failure(description: "read: errno \(errno) (timeout?)")
  }

  private func parseBufferedResponse() throws -> Response? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    guard let end = self.buffer.indices.first(where: { self.buffer[$0...].starts(with: separator) }) else {
      return nil
    }
    let lines = String(decoding: self.buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let statusWords = lines[0].split(separator: " ")
    guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
      throw Failure(description: "bad status line \(lines[0])")
    }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    let bodyStart = end + separator.count
    guard self.buffer.count >= bodyStart + length else { return nil }
    let body = Array(self.buffer[bodyStart..<bodyStart + length])
    self.buffer.removeFirst(bodyStart + length)
    return Response(status: status, headers: headers, body: body)
  }
}
