internal import ArgumentParser

/// The job commands, in the order `suanli --help` lists them.
enum JobCommands {
  static let all: [any ParsableCommand.Type] = [
    Submit.self, Queue.self, Show.self, Cancel.self, Hold.self, Release.self, Priority.self,
  ]
}
