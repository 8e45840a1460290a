/// `[agents]`: all three keys are required once the section is there.
extension AgentListener {
  static let keys = ["listen", "certificate", "private_key"]

  static func read(_ agents: inout TableReader) throws(ConfigError) -> AgentListener {
    let listen = try agents.required("listen", example: "listen = \"0.0.0.0:7443\"")
    let address = try agents.parsing("listen") { () throws(ValueProblem) in try HostPort.parse(listen) }
    let certificate = try agents.required("certificate", example: "certificate = \"/etc/suanli/tls/cert.pem\"")
    let key = try agents.required("private_key", example: "private_key = \"/etc/suanli/tls/key.pem\"")
    return AgentListener(address: address, certificatePath: certificate, privateKeyPath: key)
  }
}

extension TableReader {
  /// A non-empty string that must be given.
  fileprivate mutating func required(_ key: String, example: String) throws(ConfigError) -> String {
    guard let text = try string(key) else {
      throw problem(key, "is required in [\(path)]", hint: "add \(example), or remove [\(path)] to switch it off")
    }
    guard !text.isEmpty else { throw problem(key, "must not be empty", hint: "for example \(example)") }
    return text
  }
}
