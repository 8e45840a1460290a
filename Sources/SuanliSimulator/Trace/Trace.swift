/// One job of a trace, in the schema of `shared/workloads/README.md`, with what the simulator needs.
public struct TraceRow: Sendable, Hashable {
  public var id: String
  /// Empty when the trace has none.
  public var tenant: String
  /// Seconds from the trace's start.
  public var submit: Int64
  /// Seconds the job actually ran (at least 1).
  public var duration: Int64
  /// Whole cards over all instances; fractional shares (`gpu_milli` < 1000) round up to a card.
  public var cards: Int
  /// Millicores and MiB over all instances, when the trace gives them.
  public var cpuMillis: Int?
  public var memoryMiB: Int?
  /// Pods or workers, placed all-or-nothing (at least 1).
  public var instances: Int
  /// The trace's `priority_class` (empty when none).
  public var priorityClass: String

  public init(
    id: String, tenant: String = "", submit: Int64, duration: Int64, cards: Int, cpuMillis: Int? = nil,
    memoryMiB: Int? = nil, instances: Int = 1, priorityClass: String = ""
  ) {
    self.id = id
    self.tenant = tenant
    self.submit = submit
    self.duration = duration
    self.cards = cards
    self.cpuMillis = cpuMillis
    self.memoryMiB = memoryMiB
    self.instances = instances
    self.priorityClass = priorityClass
  }
}

/// A trace file's rows that can be replayed, and how many were left out and why.
public struct Trace: Sendable, Hashable {
  public var rows: [TraceRow]
  /// Rows left out, by reason ("no submit time", "no duration", …).
  public var skipped: [String: Int]

  public init(rows: [TraceRow], skipped: [String: Int] = [:]) {
    self.rows = rows
    self.skipped = skipped
  }
}

/// A trace that cannot be read at all.
public struct TraceError: Error, Hashable, Sendable, CustomStringConvertible {
  public var source: String
  public var message: String
  public var hint: String?
  public var description: String { "\(source): \(message)" + (hint.map { "\n  hint: \($0)" } ?? "") }
}

extension Trace {
  static let required = ["job_id", "submit_time_s", "duration_s", "num_gpus"]
  /// The largest time (seconds, about 2,000 years) and count (cards, instances, CPUs, GiB) a row may give: far
  /// beyond any trace, well within what the scheduler's clock and integers hold.
  static let maxSeconds = Double(1 << 36)
  static let maxCount = Double(1 << 20)

  /// Reads CSV text with the workloads' header. Rows without a submit time or a duration are skipped and
  /// counted; a missing column or an unreadable number is an error naming the line.
  public static func parse(_ text: String, source: String) throws(TraceError) -> Trace {
    let table: [CSV.Row]
    do { table = try CSV.rows(text) } catch {
      throw TraceError(
        source: source, message: "line \(error.line): a quote (\") is never closed",
        hint: "a quoted field ends with a quote; a quote inside one is written twice (\"\")")
    }
    guard let header = table.first?.fields else { throw TraceError(source: source, message: "the trace is empty") }
    var column: [String: Int] = [:]
    for (index, name) in header.enumerated() { column[name.trimmingSpaces] = index }
    for name in required where column[name] == nil {
      throw TraceError(
        source: source, message: "no column \"\(name)\"",
        hint: "the schema is in shared/workloads/README.md: \(required.joined(separator: ", ")), …")
    }
    var trace = Trace(rows: [])
    trace.rows.reserveCapacity(table.count - 1)
    for row in table.dropFirst() {
      let (line, fields) = (row.line, row.fields)
      func cell(_ name: String) -> String {
        guard let index = column[name], index < fields.count else { return "" }
        return fields[index].trimmingSpaces
      }
      func number(_ name: String) throws(TraceError) -> Double? {
        let text = cell(name)
        guard !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
          throw TraceError(source: source, message: "line \(line): \(name) \"\(text)\" is not a number >= 0")
        }
        let most = name.hasSuffix("_s") ? maxSeconds : maxCount
        guard value <= most else {
          throw TraceError(
            source: source, message: "line \(line): \(name) \(text) is out of range (at most \(Int(most)))",
            hint: name.hasSuffix("_s") ? "times are seconds from the trace's start, not Unix milliseconds" : nil)
        }
        return value
      }
      guard let submit = try number("submit_time_s") else {
        trace.skipped["no submit time", default: 0] += 1
        continue
      }
      guard let duration = try number("duration_s") else {
        trace.skipped["no duration", default: 0] += 1
        continue
      }
      let gpus = try number("num_gpus") ?? 0
      let milli = try number("gpu_milli")
      let instances = max(1, Int(try number("num_instances") ?? 1))
      var cards = Int(gpus.rounded(.up))
      if cards == 0, let milli, milli > 0 { cards = 1 }
      guard cards * instances <= Int(maxCount) else {
        throw TraceError(
          source: source,
          message: "line \(line): num_gpus × num_instances is \(cards * instances) cards (at most \(Int(maxCount)))")
      }
      trace.rows.append(
        TraceRow(
          id: cell("job_id"), tenant: cell("tenant"), submit: Int64(submit.rounded(.down)),
          duration: max(1, Int64(duration.rounded(.up))), cards: cards * instances,
          cpuMillis: try number("num_cpus").map { Int(($0 * 1000).rounded(.up)) * instances },
          memoryMiB: try number("mem_gib").map { Int(($0 * 1024).rounded(.up)) * instances },
          instances: instances, priorityClass: cell("priority_class")))
    }
    return trace
  }
}

extension String {
  var trimmingSpaces: String {
    guard first == " " || last == " " else { return self }
    return String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
