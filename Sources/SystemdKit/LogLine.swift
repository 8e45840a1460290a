internal import Glibc

/// The stderr sink's one-line rendering of a log record:
/// `2026-11-29T14:00:00.123Z info suanlid: job started job.id=42 enterprise=acme node=n1`.
///
/// Newlines and other control characters in the message are escaped (`\n`) so one record is one line; metadata
/// values containing spaces, quotes, `=`, backslashes or control characters are quoted with `"`, escaping inside.
enum LogLine {
  static func render(_ record: LogRecord, identifier: String, time: timespec) -> String {
    var line = "\(UTCTimestamp.format(time)) \(record.level.rawValue) \(identifier): \(escape(record.message))"
    for (key, value) in record.orderedMetadata {
      line += " \(key)=\(quoteIfNeeded(value.compactDescription))"
    }
    return line
  }

  /// Replaces control characters with escapes; leaves everything else as it is.
  static func escape(_ text: String) -> String {
    // Most messages have no control characters: return them as they are.
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return text }
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        let hex = String(scalar.value, radix: 16)
        escaped += "\\x" + (hex.count < 2 ? "0" + hex : hex)
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }

  /// The value bare when it is a plain token, else in double quotes with `\` and `"` escaped.
  static func quoteIfNeeded(_ value: String) -> String {
    let needsQuotes =
      value.isEmpty
      || value.utf8.contains { byte in
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\\")
          || byte == UInt8(ascii: " ") || byte < 0x20 || byte >= 0x7F
      }
        && value.unicodeScalars.contains { scalar in
          // ASCII first: Unicode property lookups are only for the rare non-ASCII scalar.
          scalar == "\"" || scalar == "=" || scalar == "\\" || scalar == " " || scalar.value < 0x20
            || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.properties.isWhitespace)
        }
    guard needsQuotes else { return value }
    let inner = escape(value.replacingBackslashesAndQuotes())
    return "\"\(inner)\""
  }
}

extension String {
  fileprivate func replacingBackslashesAndQuotes() -> String {
    var result = ""
    for character in self {
      switch character {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      default: result.append(character)
      }
    }
    return result
  }
}
