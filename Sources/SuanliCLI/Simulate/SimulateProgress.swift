internal import Foundation
internal import SuanliSimulator

/// Progress of a long replay on stderr, and the time taken.
struct SimulateProgress {
  let total: Int
  let enabled: Bool
  /// On a terminal the line is rewritten in place; elsewhere (a log) each report is a line of its own.
  let inPlace = isatty(2) == 1

  func report(_ policy: Policy, _ submitted: Int) {
    guard enabled else { return }
    let percent = total > 0 ? submitted * 100 / total : 100
    let text = "simulate: \(policy.title): \(submitted)/\(total) jobs submitted (\(percent)%)"
    Self.write(inPlace ? "\r" + text + "   " : text + "\n")
  }

  func finish(elapsed: Duration, policies: Int) {
    guard enabled else { return }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let time = String(format: "%.2f", seconds)
    let text = "simulate: \(total) jobs × \(policies) policies in \(time) s"
    Self.write(inPlace ? "\r" + text + String(repeating: " ", count: 20) + "\n" : text + "\n")
  }

  private static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
