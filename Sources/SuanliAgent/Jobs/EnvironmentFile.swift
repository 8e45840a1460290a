import SuanliAPI
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

/// A job's environment as a systemd `EnvironmentFile=` (`launch = "systemd"`), so that it is never on a command
/// line (`ps`, `/proc/*/cmdline`) or in the unit's `Environment=` (`systemctl show`), where every local user could
/// read the job's secrets. The file is the agent's (root's), mode 0600 from its creation; systemd reads it when it
/// starts the unit.
///
/// The syntax is systemd.exec(5)'s: one `KEY="value"` per variable. Inside double quotes every character stands
/// for itself (newlines too) except `"`, `\`, `` ` `` and `$`, which are written after a backslash; systemd reads
/// them back exactly (it never expands `$` or `%` there). Values systemd does not accept (NUL, U+FEFF,
/// noncharacters, an assignment longer than the smallest `ARG_MAX` minus 3) and names outside
/// ``EnvironmentName/pattern`` are refused: systemd would drop or reject them, and the job would run with
/// something else than it asked for.
public enum EnvironmentFile {
  /// The text of the file for `environment`, its variables sorted by name.
  public static func contents(_ environment: [String: String]) throws(AgentError) -> String {
    var text = ""
    for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
      guard EnvironmentName.isValid(name) else {
        throw .message("environment variable name '\(name)' must match \(EnvironmentName.pattern)")
      }
      if let scalar = value.unicodeScalars.first(where: { !isAccepted($0) }) {
        throw .message(
          "the value of \(name) contains \(describe(scalar)), which systemd does not accept in an environment")
      }
      guard name.utf8.count + 1 + value.utf8.count <= maxAssignmentBytes else {
        throw .message("\(name)=… is longer than \(maxAssignmentBytes) bytes, more than systemd passes to a job")
      }
      text += name + "=\"" + quoted(value) + "\"\n"
    }
    return text
  }

  /// Writes `contents(environment)` to `path`: into a new file (`O_CREAT | O_EXCL`, mode 0600, never an existing
  /// file or a link) next to it, then renamed over `path`, so that systemd never reads a partial file.
  public static func write(_ environment: [String: String], to path: String) throws(AgentError) {
    let bytes = Array(try contents(environment).utf8)
    let temporary = path + ".tmp"
    unlink(temporary)  // left by an agent that died here
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .system("cannot create \(temporary)") }
    let written = FileDescriptorWriter.write(bytes, to: descriptor)
    let error = errno
    close(descriptor)
    guard written else {
      unlink(temporary)
      throw .system("cannot write \(temporary)", errno: error)
    }
    // No fsync: the file matters only while the job runs, and nothing of the job runs after the machine crashed.
    guard rename(temporary, path) == 0 else {
      let error = errno
      unlink(temporary)
      throw .system("cannot rename \(temporary) to \(path)", errno: error)
    }
  }

  /// Whether systemd can be given `path` as `EnvironmentFile=`: absolute, and nothing it would take as a glob,
  /// a specifier or an escape (`*`, `?`, `[`, `%`, `\`), nor whitespace or control characters.
  public static func isUsable(path: String) -> Bool {
    path.hasPrefix("/")
      && !path.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || "*?[%\\".unicodeScalars.contains($0) }
  }

  /// The longest `NAME=value` systemd passes on anywhere: it drops longer ones than `ARG_MAX` - 3, and `ARG_MAX`
  /// is at least 128 KiB (a quarter of the stack limit when that is larger).
  static let maxAssignmentBytes = 131_072 - 3

  /// `U+FEFF`.
  static func describe(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// `value` for inside double quotes.
  static func quoted(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.utf8.count)
    for scalar in value.unicodeScalars {
      if scalar == "\"" || scalar == "\\" || scalar == "`" || scalar == "$" { out += "\\" }
      out.unicodeScalars.append(scalar)
    }
    return out
  }

  /// A Unicode scalar value systemd accepts in an environment file: not NUL, the byte order mark or a
  /// noncharacter (U+FDD0…U+FDEF and the last two of every plane). Control characters are accepted.
  static func isAccepted(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return value != 0 && value != 0xFEFF && !(0xFDD0...0xFDEF).contains(value) && value & 0xFFFE != 0xFFFE
  }
}
