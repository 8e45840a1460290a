/// Colour for state words on a terminal: trouble in red, winding down in yellow. Callers decide whether colour
/// is wanted (`Output.useColor`); with `enabled` false nothing changes, so tests and pipes see plain text.
enum ClusterStateColor {
  static func code(for state: String) -> String? {
    switch state {
    case "down", "failed", "node_failed", "timeout": "31"
    case "draining", "drained", "held", "preempted": "33"
    default: nil
    }
  }

  /// `word` wrapped in its colour, if it has one.
  static func paint(_ word: String, enabled: Bool) -> String {
    guard enabled, let code = code(for: word) else { return word }
    return "\u{1B}[\(code)m\(word)\u{1B}[0m"
  }

  /// Colours `state` where it starts a rendered table line's second column: after `firstCell` (the row's first
  /// cell, never cut) and the spaces that pad it. Done on the rendered line so that column widths are computed
  /// from the plain text.
  static func paintSecondColumn(of line: String, firstCell: String, state: String, enabled: Bool) -> String {
    guard enabled, code(for: state) != nil, line.hasPrefix(firstCell) else { return line }
    let rest = line.dropFirst(firstCell.count)
    let padding = rest.prefix { $0 == " " }
    let cell = rest.dropFirst(padding.count)
    guard cell.hasPrefix(state) else { return line }
    return firstCell + padding + paint(state, enabled: true) + cell.dropFirst(state.count)
  }
}
