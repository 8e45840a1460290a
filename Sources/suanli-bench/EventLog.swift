import ArgumentParser
import Glibc

/// Writes the steady-state events as CSV, one line per event, for looking at latency over time.
enum EventLog {
  static func write(_ steady: CoreRun.SteadyResult, to path: String) throws {
    guard let file = fopen(path, "w") else { throw ValidationError("cannot write '\(path)'") }
    defer { fclose(file) }
    fputs("event,virtual_second,wall_us,cpu_us,recalc,started,preempted\n", file)
    for index in 0..<steady.events {
      let fields = [
        String(index), String(index + 1), Report.format(steady.eventWallMicros[index], digits: 1),
        Report.format(steady.eventCPUMicros[index], digits: 1), steady.recalcFlags[index] ? "1" : "0",
        String(steady.eventStarts[index]), String(steady.eventPreemptions[index]),
      ]
      fputs(fields.joined(separator: ",") + "\n", file)
    }
  }
}
