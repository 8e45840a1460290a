internal import ArgumentParser
internal import SuanliAPI
internal import SuanliConfig

/// Readers for the values job options take, in the notations people write (`2h30m`, `64G`, `0-99%10`). Each
/// throws a `ValidationError` that ArgumentParser prints after the option's name.
enum JobArguments {
  static func seconds(_ text: String) throws -> Int64 {
    do { return try Units.seconds(in: text) } catch { throw ValidationError(error.description) }
  }

  static func mebibytes(_ text: String) throws -> Int {
    do { return Int(try Units.mebibytes(in: text)) } catch { throw ValidationError(error.description) }
  }

  static func millicores(_ text: String) throws -> Int {
    do { return Int(try Units.millicores(in: text)) } catch { throw ValidationError(error.description) }
  }

  /// `a,b`: a list in order, without empty entries.
  static func list(_ text: String) throws -> [String] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !items.contains(where: \.isEmpty) else { throw ValidationError("\"\(text)\" has an empty entry") }
    return items
  }

  /// `KEY=VALUE` (the value may contain `=` and be empty; the key may not).
  static func pair(_ text: String) throws -> KeyValue {
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
      throw ValidationError("\"\(text)\" is not KEY=VALUE")
    }
    return KeyValue(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
  }

  /// Slurm's `--array`: `0-99`, `0-99:2` (step), `0-99%10` (at most 10 at once), `0-99:2%10`, or one index `7`.
  static func array(_ text: String) throws -> ArraySpec {
    let problem = ValidationError(
      "\"\(text)\" is not an array range (write FIRST-LAST, optionally :STEP and %MAX_RUNNING, e.g. 0-99:2%10)")
    var rest = Substring(text)
    var maxRunning: Int?
    if let percent = rest.firstIndex(of: "%") {
      guard let value = Int(rest[rest.index(after: percent)...]), value > 0 else { throw problem }
      maxRunning = value
      rest = rest[..<percent]
    }
    var step: Int?
    if let colon = rest.firstIndex(of: ":") {
      guard let value = Int(rest[rest.index(after: colon)...]), value > 0 else { throw problem }
      step = value
      rest = rest[..<colon]
    }
    let bounds = rest.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(bounds.count), let first = Int(bounds[0]), let last = Int(bounds[bounds.count - 1]),
      first >= 0, last >= first
    else { throw problem }
    return ArraySpec(first: first, last: last, step: step, maxRunning: maxRunning)
  }
}

/// A `KEY=VALUE` option value (`--label`, `--env`).
struct KeyValue: Hashable {
  var key: String
  var value: String
}

/// The priority classes `--class` takes.
enum JobClassArgument: String, ExpressibleByArgument, CaseIterable {
  case urgent, high, normal, low
}
