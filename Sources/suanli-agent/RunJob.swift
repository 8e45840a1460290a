import ArgumentParser
import SuanliAgent

/// The wrapper the agent runs each job under (internal: not for people).
struct RunJob: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run-job", abstract: "Run a job's command and record how it ended (used by the agent).",
    shouldDisplay: false)

  @Option(name: .long, help: "The file to record the ending in.")
  var status: String

  @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
  var command: [String]

  func run() throws { JobWrapper.run(statusPath: status, command: command) }
}
