internal import ArgumentParser

/// `suanli cancel JOB...`: stop jobs, like scancel.
struct Cancel: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Cancel jobs, like scancel.",
    discussion: "Each job is reported on its own; failures do not stop the others, and the highest exit code wins.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var selection: JobSelection

  func run() throws { try JobAction(verb: "cancel", done: "Cancelled").run(selection, global: global) }
}
