import ArgumentParser
import SuanliAPI
import Testing

@testable import SuanliCLI

/// Every `submit` option, read into the `JobSubmission` it sends; bad values are usage errors naming the option.
@Suite struct JobsParsingTests {
  func submit(_ arguments: [String]) throws -> Submit {
    try #require(try SuanliCommand.parseAsRoot(["submit"] + arguments) as? Submit)
  }

  func submission(_ arguments: [String], environment: [String: String] = [:]) throws -> JobSubmission {
    try submit(arguments).submission(currentDirectory: "/home/ada", environment: environment)
  }

  /// The message suanli prints for a command line it refuses (nil when it parses).
  func refusal(_ arguments: [String]) -> String? {
    do {
      _ = try SuanliCommand.parseAsRoot(arguments)
      return nil
    } catch {
      return SuanliCommand.message(for: error)
    }
  }

  @Test func everyOptionLandsInTheSubmission() throws {
    let sent = try submission([
      "--gpus", "8", "--gpu-model", "nvidia-h200,nvidia-a100", "--cpus", "2.5", "--mem", "64G", "--nodes", "2",
      "--time", "2h30m", "--class", "high", "--name", "resnet", "--label", "site=songshanhu", "--label", "zone=b",
      "--hold", "--no-requeue", "--enterprise", "acme", "--chdir", "/data/run", "--env", "SEED=7", "--",
      "python", "train.py", "--lr", "3e-4",
    ])
    var expected = JobSubmission(command: ["python", "train.py", "--lr", "3e-4"])
    expected.cards = 8
    expected.models = ["nvidia-h200", "nvidia-a100"]
    expected.cpuMillis = 2_500
    expected.memoryMib = 65_536
    expected.nodes = 2
    expected.walltimeSeconds = 9_000
    expected.jobClass = "high"
    expected.name = "resnet"
    expected.selector = ["site": "songshanhu", "zone": "b"]
    expected.hold = true
    expected.requeue = false
    expected.enterprise = "acme"
    expected.workdir = "/data/run"
    expected.env = ["SEED": "7"]
    #expect(sent == expected)
  }

  @Test func defaultsLeaveTheDaemonToDecideAndSendTheCurrentDirectory() throws {
    let sent = try submission(["--", "/bin/true"])
    var expected = JobSubmission(command: ["/bin/true"])
    expected.workdir = "/home/ada"
    #expect(sent == expected)
    #expect(try submission(["--chdir", "runs/7", "--", "/bin/true"]).workdir == "/home/ada/runs/7")
  }

  @Test func theCommandMayFollowTheOptionsWithoutTheSeparator() throws {
    #expect(
      try submission(["--gpus", "1", "--gpu-model", "nvidia-h200", "python", "x.py", "--json"]).command == [
        "python", "x.py", "--json",
      ])
  }

  @Test func arraysTakeSlurmNotation() throws {
    #expect(try submission(["--array", "0-99%10", "--", "x"]).array == ArraySpec(first: 0, last: 99, maxRunning: 10))
    #expect(try submission(["--array", "0-99:2", "--", "x"]).array == ArraySpec(first: 0, last: 99, step: 2))
    #expect(
      try submission(["--array", "1-9:4%2", "--", "x"]).array == ArraySpec(first: 1, last: 9, step: 4, maxRunning: 2))
    #expect(try submission(["--array", "7", "--", "x"]).array == ArraySpec(first: 7, last: 7))
    for bad in ["9-1", "a-b", "0-99%0", "0-99:", "-3", "1-2-3"] {
      #expect(refusal(["submit", "--array", bad, "--", "x"])?.contains("--array") == true, "\(bad)")
    }
  }

  @Test func sizesAndCpusReadAsPeopleWriteThem() throws {
    #expect(try submission(["--mem", "512MiB", "--", "x"]).memoryMib == 512)
    #expect(try submission(["--mem", "1.5T", "--", "x"]).memoryMib == 1_572_864)
    #expect(try submission(["--mem", "2048", "--", "x"]).memoryMib == 2_048)
    #expect(try submission(["--cpus", "0.5", "--", "x"]).cpuMillis == 500)
    #expect(try submission(["--cpus", "250m", "--", "x"]).cpuMillis == 250)
    #expect(try submission(["--time", "90m", "--", "x"]).walltimeSeconds == 5_400)
    #expect(try submission(["--time", "2d", "--", "x"]).walltimeSeconds == 172_800)
  }

  @Test func badValuesAreUsageErrorsNamingTheOption() {
    let time = refusal(["submit", "--time", "soon", "--", "x"])
    #expect(time?.contains("--time") == true && time?.contains("not a duration") == true)
    #expect(refusal(["submit", "--mem", "64GB", "--", "x"])?.contains("--mem") == true)
    #expect(refusal(["submit", "--cpus", "many", "--", "x"])?.contains("--cpus") == true)
    #expect(refusal(["submit", "--class", "vip", "--", "x"])?.contains("--class") == true)
    #expect(refusal(["submit", "--label", "site", "--", "x"])?.contains("--label") == true)
    #expect(refusal(["submit", "--env", "=1", "--", "x"])?.contains("--env") == true)
    #expect(refusal(["submit", "--gpu-model", "nvidia-h200", "--", "x"])?.contains("--gpus") == true)
    #expect(refusal(["submit", "--nodes", "0", "--", "x"])?.contains("--nodes") == true)
    #expect(refusal(["submit"])?.contains("command") == true)
    #expect(refusal(["submit", "--gpu", "1", "x"])?.contains("--gpu") == true)
  }

  @Test func exportEnvSendsTheEnvironmentWithEnvEntriesWinning() throws {
    let environment = ["HOME": "/home/ada", "SEED": "1", "BASH_FUNC_f%%": "() { :; }"]
    #expect(
      try submission(["--export-env", "--env", "SEED=2", "--", "x"], environment: environment).env == [
        "HOME": "/home/ada", "SEED": "2",
      ])
    #expect(try submission(["--", "x"], environment: environment).env == nil)
    #expect(try submission(["--env", "A=b=c", "--env", "EMPTY=", "--", "x"]).env == ["A": "b=c", "EMPTY": ""])
  }

  @Test func announcementsReadLikeSbatch() {
    #expect(Submit.announcement(of: [42], parsable: false) == "Submitted job 42")
    #expect(Submit.announcement(of: Array(42...141), parsable: false) == "Submitted array job 42 (42-141)")
    #expect(Submit.announcement(of: [42], parsable: true) == "42")
    #expect(Submit.announcement(of: [42, 43], parsable: true) == "42\n43")
  }

  @Test func jobsAreNamedByIdOrArrayElement() throws {
    #expect(JobReference(argument: "42") == JobReference(id: 42))
    #expect(JobReference(argument: "42_7") == JobReference(id: 42, arrayIndex: 7))
    for bad in ["", "x", "0", "42_", "_7", "42_7_1", "-1"] { #expect(JobReference(argument: bad) == nil, "\(bad)") }
    let cancel = try #require(try SuanliCommand.parseAsRoot(["cancel", "42", "43_2", "--state", "pending"]) as? Cancel)
    #expect(cancel.selection.jobs == [JobReference(id: 42), JobReference(id: 43, arrayIndex: 2)])
    #expect(cancel.selection.state == ["pending"])
    #expect(refusal(["cancel"])?.contains("--mine") == true)
    #expect(refusal(["cancel", "--mine", "--state", "sleeping"])?.contains("sleeping") == true)
    #expect(try SuanliCommand.parseAsRoot(["hold", "--array", "42"]) is Hold)
  }

  @Test func queueOptionsParseAndQIsItsAlias() throws {
    let queue = try #require(
      try SuanliCommand.parseAsRoot(["q", "--state", "pending,running", "--sort", "priority", "--limit", "5"]) as? Queue
    )
    #expect(queue.state == ["pending", "running"] && queue.sort == .priority && queue.limit == 5)
    #expect(refusal(["queue", "--sort", "size"])?.contains("--sort") == true)
    #expect(refusal(["queue", "--mine", "--user", "ada"]) != nil)
  }

  @Test func waitingExitCodesMirrorTheJob() {
    func job(_ state: JobStateName, exit: Int? = nil) -> JobInfo {
      var info = JobsFixtures.job(id: 1, state: state)
      info.exitCode = exit
      return info
    }
    #expect(JobWaiter.exitCode(of: [job(.succeeded)]) == 0)
    #expect(JobWaiter.exitCode(of: [job(.succeeded, exit: 3)]) == 3)
    #expect(JobWaiter.exitCode(of: [job(.failed, exit: 2)]) == 2)
    #expect(JobWaiter.exitCode(of: [job(.failed)]) == 1)
    #expect(JobWaiter.exitCode(of: [job(.cancelled)]) == 1)
    #expect(JobWaiter.exitCode(of: [job(.timeout)]) == 1)
    #expect(JobWaiter.exitCode(of: [job(.nodeFailed)]) == 1)
    #expect(JobWaiter.exitCode(of: [job(.succeeded), job(.failed, exit: 4), job(.failed)]) == 4)
  }
}
