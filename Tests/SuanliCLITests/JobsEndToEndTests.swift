import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// The real `suanli` binary against a real `suanlid`: what users see and the exit codes scripts rely on.
@Suite struct JobsEndToEndTests {
  @Test func submitQueueShowCancel() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let suanli = JobsCommandLine(socket: daemon.socketPath)

    let submitted = try suanli.run([
      "submit", "--gpus", "2", "--gpu-model", "nvidia-h200", "--time", "90m", "--name", "resnet", "--mem", "64G",
      "--env", "SEED=7", "--", "/bin/sleep", "600",
    ])
    #expect(submitted.status == 0, "\(submitted.errors)")
    #expect(submitted.output == "Submitted job 1\n")

    let queue = try suanli.run(["queue"])
    #expect(queue.status == 0)
    let lines = queue.output.split(separator: "\n")
    #expect(
      lines.first?.hasPrefix("JOBID  ENTERPRISE  USER  NAME    CLASS   STATE    CARDS   NODES  TIME  REASON") == true)
    #expect(lines.count == 2 && lines[1].hasPrefix("1      acme        root  resnet  normal  pending  2×h200  1"))
    #expect(lines.last?.contains("constraint") == true)

    let json = try suanli.run(["q", "--json"])
    let listed = try APIJSON.decode(JobList.self, from: Data(json.output.utf8))
    #expect(listed.jobs.map(\.id) == [1] && json.output.contains("\"schema\""))

    let shown = try suanli.run(["show", "1"])
    #expect(shown.status == 0)
    #expect(shown.output.hasPrefix("job 1 (resnet): pending\n"))
    #expect(shown.output.contains("  request      2×nvidia-h200, 1 cpu, 64G memory on 1 node\n"))
    #expect(shown.output.contains("  walltime     1h30m\n"))
    #expect(shown.output.contains("  workdir      /tmp\n"))
    #expect(shown.output.contains("  environment  SEED\n"))
    #expect(shown.output.contains("  priority     "))
    #expect(shown.output.contains("timeline\n"))

    let cancelled = try suanli.run(["cancel", "1"])
    #expect(cancelled.status == 0 && cancelled.output == "Cancelled job 1\n")
    #expect(try suanli.run(["queue"]).output == "No jobs.\n")
    let again = try suanli.run(["cancel", "1", "999"])
    #expect(again.status == 5, "conflict (already cancelled) outranks not found: \(again.errors)")
    #expect(again.errors.contains("suanli: cannot cancel job 1: it already ended (cancelled)"))
    #expect(again.errors.contains("suanli: no job 999"))
    #expect(try suanli.run(["queue", "--state", "cancelled"]).output.contains("cancelled"))
  }

  @Test func arraysAreNamedSlurmStyleAndCancelledTogether() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let suanli = JobsCommandLine(socket: daemon.socketPath)

    let submitted = try suanli.run(["submit", "--array", "0-9:3%2", "--parsable", "--", "/bin/true"])
    #expect(submitted.status == 0 && submitted.output == "1\n2\n3\n4\n")
    #expect(try suanli.run(["submit", "--", "/bin/true"]).output == "Submitted job 5\n")

    let priority = try suanli.run(["priority"])
    #expect(priority.status == 0 && priority.output.hasPrefix("JOBID  ENTERPRISE  USER  PRIORITY  CLASS"))
    #expect(priority.output.split(separator: "\n").count == 6)
    #expect(try suanli.run(["priority", "1_3"]).output.split(separator: "\n").last?.hasPrefix("1_3 ") == true)
    let mine = try suanli.run(["queue", "--mine", "--sort", "priority", "--limit", "3", "--json"])
    #expect(try APIJSON.decode(JobList.self, from: Data(mine.output.utf8)).jobs.count == 3)

    let shown = try suanli.run(["show", "1_6"])
    #expect(shown.output.hasPrefix("job 3 (true): pending\n") && shown.output.contains("1_6 (index 6 of array job 1)"))
    #expect(try suanli.run(["show", "1_5"]).status == 3)
    #expect(try suanli.run(["queue", "--sort", "id"]).output.contains("\n1_9 "))

    let held = try suanli.run(["hold", "1_3"])
    #expect(held.status == 0 && held.output == "Held job 1_3\n")
    let cancelled = try suanli.run(["cancel", "--array", "1", "--state", "pending"])
    #expect(cancelled.status == 0 && cancelled.output == "Cancelled job 1_0\nCancelled job 1_6\nCancelled job 1_9\n")
    #expect(try suanli.run(["release", "1_3"]).output == "Released job 1_3\n")
    let rest = try suanli.run(["queue", "--json"])
    #expect(try APIJSON.decode(JobList.self, from: Data(rest.output.utf8)).jobs.map(\.id) == [2, 5])
  }

  @Test func waitFollowsTheJobAndExitsWithItsCode() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let suanli = JobsCommandLine(socket: daemon.socketPath)

    let waiting = try suanli.start(["submit", "--wait", "--gpus", "2", "--gpu-model", "nvidia-h200", "--", "/bin/x"])
    var id: UInt64?
    for _ in 0..<600 where id == nil {
      id = try client.jobs().jobs.first?.id
      if id == nil { usleep(50_000) }
    }
    let job = try #require(id)
    // Each step waits until the waiter has shown the previous state.
    #expect(waiting.waitForOutput(containing: "job \(job): pending ("))
    _ = try client.register("n1")
    #expect(waiting.waitForOutput(containing: "job \(job): starting on n1"))
    _ = try client.report(job, node: "n1", "running")
    #expect(waiting.waitForOutput(containing: "job \(job): running"))
    _ = try client.report(job, node: "n1", "succeeded", exitCode: 3)

    let outcome = try waiting.finish()
    #expect(outcome.status == 3, "\(outcome.output)\(outcome.errors)")
    let lines = outcome.output.split(separator: "\n").map(String.init)
    #expect(lines.first == "Submitted job \(job)")
    #expect(lines.dropFirst().first?.hasPrefix("job \(job): pending (constraint: ") == true)
    #expect(lines.contains("job \(job): starting on n1[0,1]"))
    #expect(lines.contains("job \(job): running"))
    #expect(lines.last == "job \(job): succeeded (exit 3)")
  }

  @Test func anotherEnterprisesJobIsInvisible() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let root = JobsCommandLine(socket: daemon.socketPath)
    #expect(try root.run(["submit", "--", "/bin/true"]).status == 0)

    let nobody = JobsCommandLine(socket: daemon.socketPath, asNobody: true)
    let cancel = try nobody.run(["cancel", "1"])
    #expect(cancel.status == 3, "\(cancel.errors)")
    #expect(cancel.errors.contains("no job 1"))
    #expect(try nobody.run(["show", "1"]).status == 3)
    #expect(try nobody.run(["queue"]).output == "No jobs.\n")
    #expect(try nobody.run(["queue", "--enterprise", "acme"]).status == 4)
    let own = try nobody.run(["submit", "--enterprise", "beta", "--", "/bin/true"])
    #expect(own.status == 0, "\(own.errors)")
    let mine = try nobody.run(["cancel", "--mine"])
    #expect(mine.status == 0 && mine.output == "Cancelled job 2\n")
    #expect(try root.run(["queue"]).output.contains("\n1 "))
  }

  @Test func cardsWithoutAModelAreRefusedNamingTheModels() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let outcome = try JobsCommandLine(socket: daemon.socketPath).run(["submit", "--gpus", "1", "--", "/bin/true"])
    #expect(outcome.status == 5)
    #expect(outcome.errors.contains("models: a job with cards must accept at least one accelerator model"))
    #expect(outcome.errors.contains("--gpu-model; models on this platform: nvidia-a100, nvidia-h200"))
  }

  @Test func anUnreachableDaemonExits6WithTheHint() throws {
    let outcome = try JobsCommandLine(socket: "/tmp/no-such-suanlid-\(UUID().uuidString).sock").run(["queue"])
    #expect(outcome.status == 6)
    #expect(outcome.errors.contains("cannot connect to suanlid at /tmp/no-such-suanlid-"))
    #expect(outcome.errors.contains("systemctl status suanlid"))
  }
}
