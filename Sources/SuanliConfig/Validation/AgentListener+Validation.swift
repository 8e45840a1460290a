#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `[agents]`: the certificate and key must be readable files (suanlid loads them when it starts).
extension AgentListener {
  func validate(_ check: Checker) throws(ConfigError) {
    try Self.requireReadable(certificatePath, at: "agents.certificate", what: "PEM certificate chain", check)
    try Self.requireReadable(privateKeyPath, at: "agents.private_key", what: "PEM private key", check)
  }

  private static func requireReadable(_ path: String, at key: String, what: String, _ check: Checker)
    throws(ConfigError)
  {
    var status = stat()
    guard stat(path, &status) == 0 else {
      let reason = String(cString: strerror(errno))
      throw ConfigError(
        file: check.file, keyPath: key, message: "cannot read \(path): \(reason)",
        hint: "give the path of the server's \(what), readable by suanlid")
    }
    try check.require(
      (status.st_mode & S_IFMT) == S_IFREG, at: key, "\(path) is not a regular file",
      hint: "give the path of the server's \(what)")
    try check.require(
      access(path, R_OK) == 0, at: key, "cannot read \(path): \(String(cString: strerror(errno)))",
      hint: "make it readable by the user suanlid runs as")
  }
}
