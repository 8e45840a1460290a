internal import ArgumentParser

/// The node, quota, usage, budget and admin commands, in the order `suanli --help` lists them.
enum ClusterCommands {
  static let all: [any ParsableCommand.Type] = [
    NodesCommand.self, NodeCommand.self, QuotaCommand.self, UsageCommand.self, BudgetCommand.self, AdminCommand.self,
  ]
}
