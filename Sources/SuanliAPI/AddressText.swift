/// How a host and a port are written in URLs, `Host` fields, configuration and logs: an IPv6 address in brackets
/// (RFC 3986), so that its colons are not taken for the port's.
public enum AddressText {
  /// `192.0.2.7`, `suanli.example.org`, `[2001:db8::1]`.
  public static func host(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

  /// `192.0.2.7:7443`, `suanli.example.org:7443`, `[::]:7443`.
  public static func hostPort(_ host: String, _ port: Int) -> String { Self.host(host) + ":\(port)" }
}
