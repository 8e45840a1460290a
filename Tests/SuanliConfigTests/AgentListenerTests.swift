import Foundation
import SuanliConfig
import Testing

/// `[agents]` in suanlid.toml: the TLS listener for remote agents, off unless configured, checked when loaded.
@Suite struct AgentListenerTests {
  /// A certificate and a key file that exist (their contents are checked when suanlid starts listening).
  static let directory: String = {
    // One fixed directory (same files each run), so that runs leave nothing new behind.
    let path = NSTemporaryDirectory() + "suanli-config-tls"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    for name in ["cert.pem", "key.pem"] {
      _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data("PEM\n".utf8))
    }
    return path
  }()
  static var certificate: String { directory + "/cert.pem" }
  static var key: String { directory + "/key.pem" }

  static func agents(listen: String? = "0.0.0.0:7443", certificate: String? = certificate, key: String? = key)
    -> String
  {
    var lines = ["[agents]"]
    if let listen { lines.append("listen = \"\(listen)\"") }
    if let certificate { lines.append("certificate = \"\(certificate)\"") }
    if let key { lines.append("private_key = \"\(key)\"") }
    return lines.joined(separator: "\n")
  }

  @Test func offUnlessConfigured() throws {
    #expect(try Doc.parse(Doc.config()).agentListener == nil)
  }

  @Test func everyKeyIsRead() throws {
    let config = try Doc.parse(Doc.config(Self.agents()))
    #expect(
      config.agentListener
        == AgentListener(
          address: HostPort(host: "0.0.0.0", port: 7443), certificatePath: Self.certificate,
          privateKeyPath: Self.key))
    let v6 = try Doc.parse(Doc.config(Self.agents(listen: "[::]:443")))
    #expect(v6.agentListener?.address == HostPort(host: "::", port: 443))
    #expect(v6.agentListener?.address.description == "[::]:443")
    let named = try Doc.parse(Doc.config(Self.agents(listen: "suanli.example.org:7443")))
    #expect(named.agentListener?.address.host == "suanli.example.org")
  }

  static let bad: [BadConfig] = [
    BadConfig("no listen", sections: agents(listen: nil), at: "agents.listen"),
    BadConfig("no port", sections: agents(listen: "0.0.0.0"), at: "agents.listen"),
    BadConfig("port out of range", sections: agents(listen: "0.0.0.0:70000"), at: "agents.listen"),
    BadConfig("port zero", sections: agents(listen: "0.0.0.0:0"), at: "agents.listen"),
    BadConfig("bare IPv6", sections: agents(listen: "::1:7443"), at: "agents.listen"),
    BadConfig("host with a space", sections: agents(listen: "my host:7443"), at: "agents.listen"),
    BadConfig("listen as a number", sections: "[agents]\nlisten = 7443", at: "agents.listen"),
    BadConfig("no certificate", sections: agents(certificate: nil), at: "agents.certificate"),
    BadConfig("no private key", sections: agents(key: nil), at: "agents.private_key"),
    BadConfig("missing certificate", sections: agents(certificate: "/nonexistent/cert.pem"), at: "agents.certificate"),
    BadConfig("directory as key", sections: agents(key: "/tmp"), at: "agents.private_key"),
    BadConfig("empty certificate path", sections: agents(certificate: ""), at: "agents.certificate"),
    BadConfig("unknown key", sections: agents() + "\nport = 7443", at: "agents.port"),
  ]

  @Test(arguments: bad)
  func isRefusedAtItsKey(_ bad: BadConfig) throws {
    let error = try #require(Doc.error(of: bad.toml), "accepted: \(bad.toml)")
    #expect(error.keyPath == bad.keyPath, "\(error)")
    #expect(error.file == Doc.source)
  }

  @Test func anUnreadableFileIsNamedWithTheSystemsReason() throws {
    let error = try #require(Doc.error(of: Doc.config(Self.agents(certificate: "/nonexistent/cert.pem"))))
    #expect(error.description.contains("cannot read /nonexistent/cert.pem: No such file or directory"))
    #expect(error.hint?.contains("certificate") == true)
    let missing = try #require(Doc.error(of: Doc.config(Self.agents(listen: nil))))
    #expect(missing.hint?.contains("listen = \"0.0.0.0:7443\"") == true, "\(missing)")
  }
}
