internal import Logging
internal import SystemdKit

/// A log entry about something that happened, written once the change is durable.
struct LogRecord: Sendable {
  var level: Logger.Level
  var event: JournalEvent
  var message: String
  var metadata: Logger.Metadata

  init(_ event: JournalEvent, _ message: String, level: Logger.Level = .info, metadata: Logger.Metadata = [:]) {
    self.level = level
    self.event = event
    self.message = message
    self.metadata = metadata
  }

  func emit(to logger: Logger) {
    var fields = metadata
    fields[LogKey.event] = .string(event.name)
    fields[LogKey.messageID] = .string(event.rawValue)
    logger.log(level: level, "\(message)", metadata: fields)
  }
}

/// The kinds of things the daemon tells the journal, each with a fixed `MESSAGE_ID` documented in
/// `systemd/suanli.catalog` (`journalctl -x` shows what happened and what an operator can do).
enum JournalEvent: String, Sendable, CaseIterable {
  case jobSubmitted = "6332e57ba5814469896e7f5b7c282ae9"
  case jobStarted = "f3e8904a495b4b219b8d3cdf51ec8c4f"
  case jobRunning = "c5fff5b1eaff4eba869957209ceba2d6"
  case jobFinished = "23016d32d0b34df59dee253c536813c4"
  case jobCancelled = "67c131a98130478081d1e21a02ab34f5"
  case jobPreempted = "7891dd981f414b34a2e595ffa91679e0"
  case jobRequeued = "a9ff53cbd36c4082a59a7ef664e89387"
  case jobTimedOut = "bd9a349c4a1749f8bf5399c99aed397b"
  case jobHeld = "ca9cd56eb7f445bd987cd5b5eff4029f"
  case jobReleased = "26fea2944177469989e3eb415173fc21"
  case nodeRegistered = "559c447444cf4a4cb769536c104182c5"
  case nodeLost = "13a5aa42ac7345fe9f416f68b438d3f4"
  case nodeDrained = "6e1bbc826b2d4cf2a95af15b30596d8b"
  case nodeStateChanged = "72cb13cde7c44b06b5c704c17e912568"
  case quotaChanged = "a2b39ad9ac174375a41a0b5a2a31d3cd"
  case budgetExhausted = "7d64ba6364ec4fce9bc2dc3e5ae38200"
  case creditsGranted = "c913c07dfb98464d8b914bddc047fdfb"
  case configReloaded = "083e354ddac248069e5ff9ee0416aefb"
  case daemonStarted = "eb5f1745f4ca4eacb46a766c2badb242"
  case nodeTokenIssued = "307767b7908a4719b554538a0b527308"
  case nodeTokenRevoked = "fb24be28914e48cdba70d887d5b7c8e7"

  /// The `SUANLI_EVENT` value: `job_submitted`, `node_lost`, … (computed once per kind).
  var name: String { Self.names[self]! }

  private static let names: [JournalEvent: String] = Dictionary(
    uniqueKeysWithValues: allCases.map { event in
      (
        event,
        String(describing: event).reduce(into: "") { name, character in
          if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
      )
    })
}
