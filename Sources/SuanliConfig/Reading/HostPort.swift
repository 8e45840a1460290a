import SuanliAPI

/// A TCP address as people write it: `host:port`, or `[ipv6]:port`.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
  /// A host name or an IP address (an IPv6 address without its brackets).
  public var host: String
  /// 1 to 65535.
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  public static let hint = "write host:port, e.g. \"0.0.0.0:7443\", \"suanli.example.org:7443\" or \"[::]:7443\""

  /// Reads `host:port` or `[ipv6]:port`.
  public static func parse(_ text: String) throws(ValueProblem) -> HostPort {
    let host: Substring
    let port: Substring
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
        throw ValueProblem(message: "\"\(text)\" is not host:port", hint: hint)
      }
      host = text[text.index(after: text.startIndex)..<close]
      port = text[text.index(close, offsetBy: 2)...]
      guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
        throw ValueProblem(message: "\"\(host)\" is not an IPv6 address", hint: hint)
      }
    } else {
      guard let colon = text.lastIndex(of: ":") else {
        throw ValueProblem(message: "\"\(text)\" has no port", hint: hint)
      }
      host = text[..<colon]
      port = text[text.index(after: colon)...]
      guard !host.isEmpty, host.utf8.count <= 253,
        host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
      else {
        throw ValueProblem(
          message: "\"\(host)\" is not a host name or an IPv4 address",
          hint: host.contains(":") ? "write an IPv6 address in brackets: \"[::]:7443\"" : hint)
      }
    }
    guard let number = Int(port), (1...65_535).contains(number), port.allSatisfy(\.isNumber) else {
      throw ValueProblem(message: "\"\(port)\" is not a port (1 to 65535)", hint: hint)
    }
    return HostPort(host: String(host), port: number)
  }

  /// `host:port`, with an IPv6 host in brackets.
  public var description: String { AddressText.hostPort(host, port) }
}
