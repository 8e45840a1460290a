import ArgumentParser
import SuanliAgent

/// The wrapper the agent runs each job under (internal: not for people).
struct RunJob: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run-job", abstract: "Run a job's command as its user and record how it ended (used by the agent).",
    shouldDisplay: false)

  @Option(name: .long, help: "The file to record the ending in.")
  var status: String

  @Option(name: .long, help: "The job's uid.")
  var uid: UInt32

  @Option(name: .long, help: "The job's gid.")
  var gid: UInt32

  @Option(name: .long, help: "Supplementary groups, comma-separated.")
  var groups: String = ""

  @Option(name: .long, help: "The job's working directory.")
  var chdir: String

  @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
  var command: [String]

  func run() throws {
    let identity = JobWrapper.Identity(
      uid: uid, gid: gid, groups: groups.split(separator: ",").compactMap { UInt32($0) }, workdir: chdir)
    JobWrapper.run(statusPath: status, identity: identity, command: command)
  }
}
