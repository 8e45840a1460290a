internal import ArgumentParser

/// `suanli node`: one node — show it, drain it, resume it, manage its remote agent's token.
struct NodeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "node",
    abstract: "Show, drain or resume one node, or manage its agent token (drain, resume, token: operators).",
    subcommands: [NodeShow.self, NodeDrain.self, NodeResume.self, NodeTokenCommand.self])
}
