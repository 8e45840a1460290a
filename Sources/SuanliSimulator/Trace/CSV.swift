/// Splits CSV text into rows of fields (RFC 4180: quoted fields with doubled quotes inside, LF or CRLF line
/// ends). Blank lines are skipped.
enum CSV {
  static func rows(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var afterQuote = false
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
        if field.isEmpty && !afterQuote { quoted = true } else { field.append(byte) }
      case UInt8(ascii: ","):
        endField()
        afterQuote = false
      case UInt8(ascii: "\n"):
        endField()
        afterQuote = false
        if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
        row.removeAll(keepingCapacity: true)
      case UInt8(ascii: "\r"):
        continue
      default:
        field.append(byte)
      }
    }
    return rows
  }
}
