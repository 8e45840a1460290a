import SuanliAPI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `[agent] daemon`, `token_file`, `ca_file`.
extension AgentConfig.RemoteDaemon {
  static let urlHint =
    "write the daemon's [agents] listen address as https://host:port, e.g. https://suanli.example.org:7443"

  /// The remote daemon, when `daemon` is given; nil otherwise (then `token_file` and `ca_file` are errors).
  static func read(_ agent: inout TableReader, socketGiven: Bool) throws(ConfigError) -> Self? {
    let url = try agent.nonEmptyString("daemon")
    let tokenFile = try agent.nonEmptyString("token_file")
    let caFile = try agent.nonEmptyString("ca_file")
    guard let url else {
      for (key, given) in [("token_file", tokenFile), ("ca_file", caFile)] where given != nil {
        throw agent.problem(key, "is used only with daemon", hint: "add daemon = \"https://HOST:7443\" or remove it")
      }
      return nil
    }
    guard !socketGiven else {
      throw agent.problem(
        "daemon", "socket and daemon are both given", hint: "give socket for a local daemon, daemon for a remote one")
    }
    guard url.hasPrefix("https://") else {
      throw agent.problem("daemon", "\"\(url)\" is not an https:// address", hint: urlHint)
    }
    var rest = url.dropFirst("https://".count)
    if rest.hasSuffix("/") { rest = rest.dropLast() }
    let address = try agent.parsing("daemon") { () throws(ValueProblem) in
      do throws(ValueProblem) {
        return try HostPort.parse(String(rest))
      } catch {
        throw ValueProblem(message: "\"\(url)\": \(error.message)", hint: urlHint)
      }
    }
    guard let tokenFile else {
      throw agent.problem(
        "token_file", "is required with daemon",
        hint: "an operator creates the node's token with `suanli node token NODE`; save it in a file only root reads")
    }
    try requireReadable(tokenFile, key: "token_file", agent, hint: "the file holding the node's token")
    try requireToken(in: tokenFile, agent)
    if let caFile { try requireReadable(caFile, key: "ca_file", agent, hint: "PEM certificates of the daemon's CA") }
    return Self(address: address, tokenFile: tokenFile, caFile: caFile)
  }

  private static func requireReadable(_ path: String, key: String, _ agent: TableReader, hint: String)
    throws(ConfigError)
  {
    guard access(path, R_OK) == 0 else {
      throw agent.problem(key, "cannot read \(path): \(String(cString: strerror(errno)))", hint: hint)
    }
  }

  private static func requireToken(in path: String, _ agent: TableReader) throws(ConfigError) {
    do {
      _ = try token(in: path)
    } catch {
      throw agent.problem("token_file", error.message, hint: error.hint)
    }
  }

  /// The node's token, read from ``tokenFile`` (surrounding whitespace removed). The agent reads it when it starts.
  public func readToken() throws(ConfigError) -> String { try Self.token(in: tokenFile) }

  private static func token(in path: String) throws(ConfigError) -> String {
    let text = try TextFile.contents(of: path)
    let token = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    guard !token.isEmpty else {
      throw ConfigError(
        file: path, keyPath: "", message: "the token file is empty",
        hint: "write the token `suanli node token NODE` printed into it")
    }
    guard !token.contains(where: \.isWhitespace) else {
      throw ConfigError(
        file: path, keyPath: "", message: "the token file holds more than one token",
        hint: "write only the token `suanli node token NODE` printed")
    }
    // Anything else was not printed by suanlid (and could not be sent in a header).
    guard NodeToken.isWellFormed(token) else {
      throw ConfigError(
        file: path, keyPath: "", message: "the token file does not hold a node token (\(NodeToken.form))",
        hint: "write only the token `suanli node token NODE` printed")
    }
    // Whoever reads the token acts for the node: as ssh does with a private key, refuse one others may read.
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
      throw ConfigError(
        file: path, keyPath: "",
        message: "the token file can be read by others (mode \(String(status.st_mode & 0o777, radix: 8)))",
        hint: "chmod 600 \(path)")
    }
    return token
  }
}
