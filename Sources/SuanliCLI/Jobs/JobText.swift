internal import Foundation

/// Scores as sprio prints them: whole numbers, or two decimals when small.
enum JobNumbers {
  static func score(_ value: Double) -> String {
    abs(value) >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
  }
}

/// Text clean-up for tables.
enum JobText {
  /// Lines without the spaces `Table` leaves when the last column is empty.
  static func trimmingTrailingSpaces(_ text: String) -> String {
    var lines: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var end = line.endIndex
      while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
      lines.append(line[..<end])
    }
    return lines.joined(separator: "\n")
  }
}
