import Foundation

/// A certificate authority and a server certificate it signed, for 127.0.0.1 and localhost, made by the `openssl`
/// command in a directory of the test's: what an operator would make for suanlid's agents port.
public struct TestCertificates: Sendable {
  /// The CA's certificate (PEM): what agents trust (`ca_file`).
  public let caPath: String
  /// The server's certificate (PEM), with subjectAltName IP:127.0.0.1 and DNS:localhost.
  public let certificatePath: String
  /// The server's private key (PEM).
  public let privateKeyPath: String

  /// Makes the CA and the server certificate (EC P-256 keys, valid two days) in `directory`.
  public static func make(in directory: String) throws -> TestCertificates {
    let path = { (name: String) in directory + "/" + name }
    try "subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n"
      .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
    let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    try openssl(
      ["req", "-x509"] + key + [
        "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=suanli test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      ])
    try openssl(
      ["req"] + key + ["-keyout", path("key.pem"), "-out", path("server.csr"), "-subj", "/CN=localhost"])
    try openssl([
      "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
      "-CAcreateserial", "-out", path("cert.pem"), "-days", "2", "-extfile", path("server.ext"),
    ])
    return TestCertificates(caPath: path("ca.pem"), certificatePath: path("cert.pem"), privateKeyPath: path("key.pem"))
  }

  private static func openssl(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = arguments
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw TestFailure(
        "openssl \(arguments.joined(separator: " ")) failed:\n\(String(decoding: message, as: UTF8.self))")
    }
  }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the system's choice for port 0).
public func freeLoopbackPort() throws -> Int {
  let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard socket >= 0 else { throw TestFailure("socket: errno \(errno)") }
  defer { close(socket) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = 0
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
      Glibc.bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
    }
  }
  guard bound else { throw TestFailure("bind 127.0.0.1:0: errno \(errno)") }
  return Int(UInt16(bigEndian: address.sin_port))
}
