import ArgumentParser

@main
struct SuanliAgentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "suanli-agent",
    abstract: "Suanli's node agent: registers this machine with suanlid and runs the jobs placed on it.",
    discussion: """
      Capacity is discovered (CPUs, memory, nvidia-smi, npu-smi) unless agent.toml declares it.
      Several agents may run on one machine with different [agent] node and state_dir.
      """,
    subcommands: [Serve.self], defaultSubcommand: Serve.self)
}
