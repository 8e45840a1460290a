extension Table {
  /// `render(width:)` without the spaces a row ends with when its last cell is empty (a ledger entry without a
  /// note), so that copied output and golden files hold no trailing blanks.
  func renderTrimmed(width: Int?) -> String {
    render(width: width).split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
      .joined(separator: "\n")
  }
}
