internal import Glibc

/// One keep-alive HTTP/1.1 connection to a Unix socket, with blocking I/O: simple, and enough for a CLI, an
/// agent or a benchmark thread. Not thread-safe: one per thread.
final class HTTPConnection: KeepAliveTransport {
  let socketPath: String
  let timeoutSeconds: Int
  private var fd: Int32 = -1
  private var buffer: [UInt8] = []

  init(socketPath: String, timeoutSeconds: Int) {
    self.socketPath = socketPath
    self.timeoutSeconds = timeoutSeconds
  }

  deinit { close() }

  var address: String { socketPath }

  func close() {
    if fd >= 0 { Glibc.close(fd) }
    fd = -1
    buffer = []
  }

  var isConnected: Bool { fd >= 0 }

  /// Between requests nothing is due from the server: anything readable, or a hang-up, is its end.
  var serverHasClosed: Bool {
    guard fd >= 0 else { return false }
    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)  // (a hang-up or an error is always told)
    return poll(&poller, 1, 0) != 0
  }

  func exchange(method: String, target: String, body: [UInt8]?) throws(ClientError) -> (status: Int, body: [UInt8]) {
    if fd < 0 { try connect() }
    let fields = Self.requestFields(method: method, host: "localhost", userAgent: "suanli", bodyLength: body?.count)
    let head = "\(method) \(target) HTTP/1.1\r\n" + fields.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
    do {
      try write(Array(head.utf8) + (body ?? []))
      return try readResponse()
    } catch {
      close()
      throw error
    }
  }

  private func connect() throws(ClientError) {
    let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard socket >= 0 else { throw .connection(socketPath, String(cString: strerror(errno))) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let path = Array(socketPath.utf8)
    guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
      Glibc.close(socket)
      throw .connection(socketPath, "socket path too long")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: path)
      raw[path.count] = 0
    }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard result == 0 else {
      let reason = String(cString: strerror(errno))
      Glibc.close(socket)
      throw .connection(socketPath, reason)
    }
    fd = socket
  }

  private func write(_ bytes: [UInt8]) throws(ClientError) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw .closedBeforeResponse }
      offset += written
    }
  }

  /// Reads more bytes into the buffer; false at end of stream.
  private func fill() throws(ClientError) -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
      if count < 0 && errno == EINTR { continue }
      if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw .timeout(socketPath) }
      if count <= 0 { return false }
      buffer += chunk[..<count]
      return true
    }
  }

  private func readResponse() throws(ClientError) -> (status: Int, body: [UInt8]) {
    var headEnd: Int?
    while headEnd == nil {
      headEnd = Self.find([13, 10, 13, 10], in: buffer)
      if headEnd == nil {
        guard try fill() else { throw .closedBeforeResponse }
      }
    }
    let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
    buffer.removeFirst(headEnd! + 4)
    let lines = head.split(separator: "\r\n")
    let statusParts = lines.first?.split(separator: " ") ?? []
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw .protocolError("bad status line") }
    var length = 0
    var closes = false
    for line in lines.dropFirst() {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let name = parts[0].lowercased()
      let value = parts[1].trimmingCharacters(in: " ")
      if name == "content-length" {
        guard let declared = Int(value), declared >= 0 else { throw .protocolError("bad Content-Length: \(value)") }
        length = declared
      }
      if name == "connection" && value.lowercased() == "close" { closes = true }
    }
    while buffer.count < length {
      guard try fill() else { throw .protocolError("response body cut short") }
    }
    let body = Array(buffer[..<length])
    buffer.removeFirst(length)
    if closes { close() }
    return (status, body)
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if Array(haystack[start..<start + needle.count]) == needle { return start }
    }
    return nil
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
  }
}
