internal import ArgumentParser

/// `suanli admin`: operator actions on the daemon and the budgets.
struct AdminCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "admin",
    abstract: "Operator actions: grant credits, reload the configuration.",
    discussion: "Operators are root and the members of the admin group in suanlid.toml.",
    subcommands: [AdminGrant.self, AdminReload.self])
}
