/// Which enterprise each trace tenant belongs to: a text file of `tenant,enterprise` (or
/// `tenant enterprise`) lines; `#` starts a comment.
public enum TenantMap {
  public static func parse(_ text: String, source: String) throws(TraceError) -> [String: String] {
    var map: [String: String] = [:]
    for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.prefix { $0 != "#" }
      let parts = line.split { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }.map(String.init)
      if parts.isEmpty { continue }
      guard parts.count == 2 else {
        throw TraceError(
          source: source, message: "line \(offset + 1): expected \"tenant,enterprise\"",
          hint: "one tenant per line, e.g. 0e4a51,vc-alpha")
      }
      guard map[parts[0]] == nil else {
        throw TraceError(source: source, message: "line \(offset + 1): tenant \"\(parts[0])\" is mapped twice")
      }
      map[parts[0]] = parts[1]
    }
    return map
  }
}
