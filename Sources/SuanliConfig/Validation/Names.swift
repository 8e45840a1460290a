/// The naming rules of the configuration, each a small ASCII grammar.
enum Names {
  static let enterpriseIDRule =
    "1 to 63 characters: lowercase letters, digits, '_' and '-', starting with a letter or digit"
  static let modelRule =
    "1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"
  static let unixNameRule =
    "1 to 32 characters: letters, digits, '.', '_' and '-' (a final '$' is allowed), not starting with a digit, '.' or '-'"

  /// `[a-z0-9][a-z0-9_-]{0,62}`.
  static func isEnterpriseID(_ name: String) -> Bool {
    matches(name, maxLength: 63, first: lower + digits, rest: lower + digits + "_-")
  }

  /// `[a-z0-9][a-z0-9._-]{0,63}`: what agents report (`nvidia-h200`, `ascend-910b`); within the core's 64 bytes.
  static func isModel(_ name: String) -> Bool {
    matches(name, maxLength: 64, first: lower + digits, rest: lower + digits + "._-")
  }

  /// A portable Unix user or group name as useradd and systemd accept it: `[A-Za-z_][A-Za-z0-9._-]{0,31}`,
  /// optionally ending in `$` (Samba machine accounts).
  static func isUnixName(_ name: String) -> Bool {
    let body = name.hasSuffix("$") ? String(name.dropLast()) : name
    return matches(body, maxLength: 32, first: letters + "_", rest: letters + digits + "._-")
  }

  private static let lower = "abcdefghijklmnopqrstuvwxyz"
  private static let letters = lower + lower.uppercased()
  private static let digits = "0123456789"

  /// One byte of `first`, then bytes of `rest`, at most `maxLength` in all.
  private static func matches(_ name: String, maxLength: Int, first: String, rest: String) -> Bool {
    let bytes = Array(name.utf8)
    guard let head = bytes.first, bytes.count <= maxLength, first.utf8.contains(head) else { return false }
    return bytes.dropFirst().allSatisfy { rest.utf8.contains($0) }
  }
}
