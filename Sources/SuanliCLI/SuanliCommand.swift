public import ArgumentParser
internal import SuanliAPI

/// `suanli`: the command enterprises and operators use, in the manner of Slurm's sbatch/squeue/scancel/sinfo.
public struct SuanliCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "suanli",
    abstract: "Submit and follow jobs on the city compute platform; inspect nodes, quotas and budgets.",
    discussion: CLIExit.documentation,
    version: APIVersion.release,
    subcommands: JobCommands.all + ClusterCommands.all + [Simulate.self, Info.self, Version.self])

  public init() {}

  /// Parses, runs, and exits with the code of the error class (see `CLIExit`).
  public static func run(arguments: [String]? = nil) -> Never {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Self.exit()
    } catch let error as CLIError {
      Output.error("suanli: \(error)")
      Self.exit(withError: error.exitCode)
    } catch let error as ExitCode {
      Self.exit(withError: error)
    } catch {
      // ArgumentParser's own errors: help and version are fine, anything else is a usage error.
      let code = exitCode(for: error)
      if code == .success || code == CLIExit.failure && "\(error)".isEmpty { Self.exit(withError: error) }
      Output.error(fullMessage(for: error))
      Self.exit(withError: code == .success ? code : CLIExit.usage)
    }
  }
}
