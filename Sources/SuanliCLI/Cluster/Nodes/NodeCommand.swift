internal import ArgumentParser

/// `suanli node`: one node — show it, drain it, resume it.
struct NodeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "node",
    abstract: "Show, drain or resume one node (drain and resume: operators).",
    subcommands: [NodeShow.self, NodeDrain.self, NodeResume.self])
}
