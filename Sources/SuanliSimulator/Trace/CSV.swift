/// Splits CSV text into rows of fields (RFC 4180: quoted fields with doubled quotes inside, LF or CRLF line
/// ends). Blank lines are skipped.
enum CSV {
  /// A row and the line of the text it starts on (1-based; a quoted field may span lines).
  struct Row {
    var line: Int
    var fields: [String]
  }

  /// A quote opened on `line` is never closed: the rest of the text would be one field.
  struct UnclosedQuote: Error {
    var line: Int
  }

  static func rows(_ text: String) throws(UnclosedQuote) -> [Row] {
    var rows: [Row] = []
    var row: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var afterQuote = false
    var line = 1
    var rowLine = 1
    var quoteLine = 1
    var bytes = Array(text.utf8)
    bytes.append(UInt8(ascii: "\n"))
    func endField() {
      row.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
    }
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == UInt8(ascii: "\n") { line += 1 }
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            quoted = false
            afterQuote = true
          }
        } else {
          field.append(byte)
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        if field.isEmpty && !afterQuote {
          quoted = true
          quoteLine = line
        } else {
          field.append(byte)
        }
      case UInt8(ascii: ","):
        endField()
        afterQuote = false
      case UInt8(ascii: "\n"):
        endField()
        afterQuote = false
        if !(row.count == 1 && row[0].isEmpty) { rows.append(Row(line: rowLine, fields: row)) }
        row.removeAll(keepingCapacity: true)
        rowLine = line
      case UInt8(ascii: "\r"):
        continue
      default:
        field.append(byte)
      }
    }
    if quoted { throw UnclosedQuote(line: quoteLine) }
    return rows
  }
}
