/// The names a job's environment variables may have: `[A-Za-z_][A-Za-z0-9_]*`, as a POSIX shell and systemd
/// accept them. The CLI sends only such names, the daemon refuses others, and the agent checks them again
/// before it writes them where they could mean something else (a systemd `EnvironmentFile=`).
public enum EnvironmentName {
  /// The rule, for messages.
  public static let pattern = "[A-Za-z_][A-Za-z0-9_]*"

  /// Whether `name` matches ``pattern``.
  public static func isValid(_ name: String) -> Bool {
    guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
    return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (48...57).contains($0) }
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
}
