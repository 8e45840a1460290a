import Foundation
import SuanliAgent
import Testing

/// A job's environment for a systemd unit: a file of mode 0600 that systemd reads back exactly, or a refusal.
struct EnvironmentFileTests {
  /// Values that a naive `KEY=value` line would change: whitespace, quotes, backslashes, `$`, `%`, newlines,
  /// comment characters, control characters.
  static let tricky: [String: String] = [
    "SPACES": "  two  spaces and\ta tab\t ",
    "QUOTES": #"say "hi" and 'bye' ""#,
    "BACKSLASHES": #"C:\path\to\ \n \\ \" end\"#,
    "DOLLARS": "$HOME ${USER} $(id) `id` %h %n %%",
    "NEWLINES": "line 1\nline 2\r\n\nlast\\\n",
    "COMMENTISH": "# not a comment ; nor this",
    "EQUALS": "a=b=c",
    "CONTROL": "\u{1}\u{1b}[31m\u{7f}\u{8}",
    "UNICODE": "算力 🚀 é",
    "EMPTY": "",
    "_lower_9": "'",
  ]

  @Test func trickyValuesReadBackExactlyWithSystemdsRules() throws {
    let text = try EnvironmentFile.contents(Self.tricky)
    #expect(bytes(SystemdEnvironmentFile.parse(text)) == bytes(Self.tricky), "\(text)")
    // One variable per line; sorted, so that the same environment gives the same file.
    #expect(text.hasPrefix("BACKSLASHES=\"C:\\\\path"))
  }

  @Test func theFileIsMode0600AndReplacesWhatWasThereWithoutFollowingLinks() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/4.env"
    // A stale file (mode 0644) and a link where the temporary file goes: neither is written through.
    try "OLD=1\n".write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o644)
    let target = directory + "/elsewhere"
    try "untouched".write(toFile: target, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: path + ".tmp", withDestinationPath: target)

    try EnvironmentFile.write(["TOKEN": "s3cr3t value"], to: path)
    var status = stat()
    #expect(lstat(path, &status) == 0)
    #expect(status.st_mode & 0o7777 == 0o600)
    #expect(status.st_mode & 0o170000 == 0o100000, "a regular file")
    #expect(status.st_uid == geteuid())
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(SystemdEnvironmentFile.parse(text) == ["TOKEN": "s3cr3t value"])
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "untouched")
    #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
  }

  @Test(arguments: ["A=B", "1X", "X Y", "", "X\nY", "É", "X-Y"])
  func aNameOutsideTheRuleIsRefused(_ name: String) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect {
      try EnvironmentFile.write(["GOOD": "1", name: "x"], to: directory + "/1.env")
    } throws: { error in
      "\(error)".contains("[A-Za-z_][A-Za-z0-9_]*")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "nothing is left behind")
  }

  /// NUL, the byte order mark and noncharacters.
  @Test(arguments: [0x0, 0xFEFF, 0xFFFE, 0xFDD0, 0x10FFFF] as [UInt32])
  func aValueSystemdWouldNotPassOnIsRefused(_ code: UInt32) throws {
    let scalar = try #require(Unicode.Scalar(code))
    let named =
      "U+" + String(repeating: "0", count: max(0, 4 - String(code, radix: 16).count))
      + String(code, radix: 16, uppercase: true)
    #expect {
      try EnvironmentFile.contents(["SECRET": "a" + String(Character(scalar)) + "b"])
    } throws: { error in
      "\(error)".contains("SECRET") && "\(error)".contains(named)
    }
  }

  @Test func aValueLongerThanSystemdPassesOnIsRefused() throws {
    let longest = String(repeating: "x", count: 131_069 - "LONG=".utf8.count)
    #expect(SystemdEnvironmentFile.parse(try EnvironmentFile.contents(["LONG": longest])) == ["LONG": longest])
    #expect(throws: (any Error).self) { try EnvironmentFile.contents(["LONG": longest + "x"]) }
  }

  @Test func theFileLivesWithTheJobsStateAndIsRemovedWithIt() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let state = StateDirectory(path: directory)
    try state.create()
    #expect(state.environmentPath(job: 4) == directory + "/jobs/4.env")
    try EnvironmentFile.write(["A": "1"], to: state.environmentPath(job: 4))
    state.remove(job: 4)
    #expect(!FileManager.default.fileExists(atPath: state.environmentPath(job: 4)))
  }

  @Test func onlyPathsSystemdTakesLiterallyAreUsed() {
    #expect(EnvironmentFile.isUsable(path: "/var/lib/suanli-agent/jobs/42.env"))
    #expect(EnvironmentFile.isUsable(path: "/srv/agent-1/state.d/jobs/42.env"))
    for path in ["state/jobs/42.env", "/a b/42.env", "/a*/42.env", "/a?/42.env", "/a[1]/42.env", "/%h/42.env"] {
      #expect(!EnvironmentFile.isUsable(path: path), "\(path)")
    }
    #expect(!EnvironmentFile.isUsable(path: "/a\\x2d/42.env") && !EnvironmentFile.isUsable(path: "/a\n/42.env"))
  }

  /// Values compared byte for byte (`String`'s `==` takes canonically equivalent text as equal).
  private func bytes(_ environment: [String: String]) -> [String: [UInt8]] { environment.mapValues { Array($0.utf8) } }

  private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("suanli-env-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}

/// systemd's reading of an environment file, as systemd.exec(5) describes it under `EnvironmentFile=`: written
/// here from the manual, independently of ``EnvironmentFile``, to check what systemd makes of its files.
enum SystemdEnvironmentFile {
  static func parse(_ text: String) -> [String: String] {
    enum State { case preKey, key, comment, preValue, value, valueEscape, single, double, doubleEscape }
    var state = State.preKey
    var result: [String: String] = [:]
    var key = ""
    var value = ""
    var trailingWhitespace: String.Index?  // where trailing whitespace of an unquoted value starts
    func push() {
      if let start = trailingWhitespace { value = String(value[..<start]) }
      result[key.trimmingCharacters(in: .whitespaces)] = value
      key = ""
      value = ""
      trailingWhitespace = nil
    }
    let whitespace: Set<Character> = [" ", "\t", "\r"]
    for character in text.unicodeScalars.map(Character.init) {
      switch state {
      case .preKey:
        if character == "#" || character == ";" {
          state = .comment
        } else if !whitespace.contains(character) && character != "\n" {
          key.append(character)
          state = .key
        }
      case .comment:
        if character == "\n" { state = .preKey }
      case .key:
        if character == "\n" {
          key = ""
          state = .preKey
        } else if character == "=" {
          state = .preValue
        } else {
          key.append(character)
        }
      case .preValue:
        switch character {
        case "\n":
          push()
          state = .preKey
        case "'": state = .single
        case "\"": state = .double
        case "\\": state = .valueEscape
        case _ where whitespace.contains(character): break
        default:
          value.append(character)
          state = .value
        }
      case .value:
        if character == "\n" {
          push()
          state = .preKey
        } else if character == "\\" {
          trailingWhitespace = nil
          state = .valueEscape
        } else {
          if !whitespace.contains(character) {
            trailingWhitespace = nil
          } else if trailingWhitespace == nil {
            trailingWhitespace = value.endIndex
          }
          value.append(character)
        }
      case .valueEscape:
        if character != "\n" { value.append(character) }
        state = .value
      case .single:
        if character == "'" { state = .preValue } else { value.append(character) }
      case .double:
        if character == "\"" {
          state = .preValue
        } else if character == "\\" {
          state = .doubleEscape
        } else {
          value.append(character)
        }
      case .doubleEscape:
        // `"`, `\`, `` ` `` and `$` stand for themselves; a newline continues the line; else both are kept.
        if "\"\\`$".contains(character) {
          value.append(character)
        } else if character != "\n" {
          value += "\\" + String(character)
        }
        state = .double
      }
    }
    if state != .preKey && state != .comment && state != .key { push() }
    return result
  }
}
