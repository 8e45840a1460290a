/// The one-line file in which the job wrapper records how the job's main process ended
/// (`<state dir>/jobs/<id>.status`), so that an agent restarted meanwhile still learns it.
public enum JobStatusFile {
  /// `exited 3`, `signaled 15`, `out-of-memory 512`, or `error: …` when the command could not be started.
  public static func line(for outcome: JobOutcome) -> String {
    switch outcome {
    case .exited(let code): "exited \(code)\n"
    case .signaled(let signal): "signaled \(signal)\n"
    case .notStarted(let why): "error: \(why)\n"
    case .outOfMemory(let limit): "out-of-memory \(limit)\n"
    case .unknown: "unknown\n"
    }
  }

  /// The outcome a status line records; nil for an empty or unreadable one.
  public static func outcome(_ text: String) -> JobOutcome? {
    let line = text.trimmingWhitespace()
    if line.hasPrefix("error: ") { return .notStarted(String(line.dropFirst("error: ".count))) }
    let words = line.split(separator: " ")
    guard words.count == 2, let number = Int(words[1]) else { return nil }
    switch words[0] {
    case "exited": return .exited(number)
    case "signaled": return .signaled(number)
    case "out-of-memory": return .outOfMemory(limitMiB: number)
    default: return nil
    }
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces, tabs and newlines.
  fileprivate func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}
