import ArgumentParser

/// `suanli-bench`: benchmarks that print figures. Build and run in release mode.
@main
struct SuanliBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "suanli-bench",
    abstract: "Benchmarks for Suanli (run a release build).",
    subcommands: [CoreBenchmark.self, ApiBenchmark.self])
}
