internal import Foundation
internal import SuanliAPI

/// What `suanli show` prints: everything about one job, a field a line, then its timeline.
enum JobDescription {
  static func text(_ job: JobInfo, now: Int64, timeZone: TimeZone = .current) -> String {
    let times = JobTimes(timeZone: timeZone)
    var fields: [(String, String)] = [
      ("enterprise", job.enterprise),
      ("user", "\(job.user) (uid \(job.uid))"),
      ("command", job.command.map(quoted).joined(separator: " ")),
      ("workdir", job.workdir),
      ("request", request(job)),
    ]
    if !job.selector.isEmpty {
      fields.append(
        ("selector", job.selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))
    }
    fields.append(("walltime", Formatting.duration(job.walltimeSeconds)))
    fields.append(("class", job.jobClass))
    let requeues = job.requeues > 0 ? " (requeued \(job.requeues) time\(job.requeues == 1 ? "" : "s"))" : ""
    fields.append(("requeue", (job.requeue ? "yes" : "no") + requeues))
    if let array = job.arrayJobId, let index = job.arrayIndex {
      fields.append(("array", "\(array)_\(index) (index \(index) of array job \(array))"))
    }
    fields.append(("submitted", times.format(job.submitTime)))
    if let start = job.startTime {
      fields.append(("started", times.format(start) + " (waited \(Formatting.duration(start - job.submitTime)))"))
    }
    if let end = job.endTime {
      let ran = job.startTime.map { " (ran \(Formatting.duration(end - $0)))" } ?? ""
      fields.append(("ended", times.format(end) + ran))
    } else if job.state == .running, let start = job.startTime {
      fields.append(("running for", Formatting.duration(now - start)))
    } else if job.state == .pending || job.state == .held {
      fields.append(("waiting for", Formatting.duration(now - job.submitTime)))
    }
    if let placement = job.placement, !placement.nodes.isEmpty {
      let nodes = placement.nodes.map(JobCells.placement).joined(separator: " ")
      fields.append(("placement", nodes + (placement.model.map { " (\($0))" } ?? "")))
    }
    if let reason = job.reason { fields.append(("reason", reason.message)) }
    if let priority = job.priority { fields.append(("priority", breakdown(priority))) }
    let exit = [job.exitCode.map { "code \($0)" }, job.signal.map { "signal \($0)" }].compactMap(\.self)
    if !exit.isEmpty { fields.append(("exit", exit.joined(separator: ", "))) }
    if let log = job.logPath { fields.append(("log", log)) }
    let credits = [job.heldCredits.map { "held \($0)" }, job.chargedCredits.map { "charged \($0)" }].compactMap(\.self)
    if !credits.isEmpty { fields.append(("credits", credits.joined(separator: ", "))) }
    if let env = job.env, !env.isEmpty {
      fields.append(("environment", env.keys.sorted().joined(separator: " ")))
    }

    let width = fields.map(\.0.count).max() ?? 0
    var lines = ["job \(job.id) (\(job.name)): \(job.state.rawValue)"]
    lines += fields.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }
    if let timeline = job.timeline, !timeline.isEmpty {
      lines.append("timeline")
      let events = timeline.map(\.event.count).max() ?? 0
      for entry in timeline {
        let detail = entry.detail.map { String(repeating: " ", count: events - entry.event.count + 2) + $0 } ?? ""
        lines.append("  \(times.format(entry.time))  \(entry.event)\(detail)")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// `8×nvidia-h200, 16 cpus, 64G memory on 1 node`; models in order of preference joined with "or".
  static func request(_ job: JobInfo) -> String {
    var parts: [String] = []
    if job.cards > 0 {
      let models = job.models.joined(separator: " or ")
      parts.append("\(job.cards)×" + (job.models.count > 1 ? "(\(models))" : models))
    }
    let cpus = Formatting.cpus(millis: job.cpuMillis)
    parts.append("\(cpus) cpu\(job.cpuMillis == 1000 ? "" : "s")")
    parts.append("\(Formatting.memory(mib: job.memoryMib)) memory")
    let nodes = job.nodes == 1 ? "on 1 node" : "on each of \(job.nodes) nodes"
    return parts.joined(separator: ", ") + " " + nodes
  }

  /// `21500 = class 10000 + age 500 + fair share 5000 + boost 6000`.
  static func breakdown(_ priority: PriorityInfo) -> String {
    "\(JobNumbers.score(priority.total)) = class \(JobNumbers.score(priority.jobClass)) + age "
      + "\(JobNumbers.score(priority.age)) + fair share \(JobNumbers.score(priority.fairShare)) + boost "
      + JobNumbers.score(priority.boost)
  }

  /// An argument as a shell would need it: plain when safe, else in single quotes.
  static func quoted(_ argument: String) -> String {
    let safe = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
    return safe ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
