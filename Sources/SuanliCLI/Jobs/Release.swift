internal import ArgumentParser

/// `suanli release JOB...`: let held jobs compete for resources again.
struct Release: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Let held jobs start again.",
    discussion: "Each job is reported on its own; failures do not stop the others, and the highest exit code wins.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var selection: JobSelection

  func run() throws { try JobAction(verb: "release", done: "Released").run(selection, global: global) }
}
