/// A plain-text table like squeue's and sinfo's: a header, left-aligned columns two spaces apart, and, on a
/// terminal, the flexible column cut to fit its width.
public struct Table {
  public var headers: [String]
  public var rows: [[String]]
  /// The column that gives way when the table is wider than the terminal (e.g. REASON, LABELS).
  public var flexibleColumn: Int?

  public init(headers: [String], rows: [[String]] = [], flexibleColumn: Int? = nil) {
    self.headers = headers
    self.rows = rows
    self.flexibleColumn = flexibleColumn
  }

  public mutating func add(_ row: [String]) { rows.append(row) }

  public func render(width: Int? = Output.terminalWidth) -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    if let width, let flexible = flexibleColumn, flexible < widths.count {
      let others = widths.enumerated().filter { $0.offset != flexible }.map(\.element).reduce(0, +)
      let room = width - others - 2 * (widths.count - 1)
      widths[flexible] = max(headers[flexible].count, min(widths[flexible], room))
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (index, width) in widths.enumerated() {
        var cell = index < cells.count ? cells[index] : ""
        if cell.count > width { cell = String(cell.prefix(max(0, width - 1))) + "…" }
        parts.append(index == widths.count - 1 ? cell : cell + String(repeating: " ", count: width - cell.count))
      }
      // No trailing blanks when the last cells are empty (copied output, golden files).
      let text = parts.joined(separator: "  ")
      return String(text.reversed().drop { $0 == " " }.reversed())
    }
    return ([line(headers)] + rows.map(line)).joined(separator: "\n")
  }
}
