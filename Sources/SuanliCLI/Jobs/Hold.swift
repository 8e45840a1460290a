internal import ArgumentParser

/// `suanli hold JOB...`: keep pending jobs from starting until released.
struct Hold: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Keep pending jobs from starting until released.",
    discussion: "Each job is reported on its own; failures do not stop the others, and the highest exit code wins.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var selection: JobSelection

  func run() throws { try JobAction(verb: "hold", done: "Held").run(selection, global: global) }
}
