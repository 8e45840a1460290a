import Foundation
import SuanliAPI
import Testing

@testable import SuanliCLI

/// Runs the real `suanli` binary (next to the test bundle) against a socket, as root or as `nobody`.
enum ClusterCLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// `suanli ARGUMENTS` with `SUANLI_SOCKET=socket`; as uid/gid 65534 through setpriv when `asNobody`.
  static func run(_ arguments: [String], socket: String, asNobody: Bool = false) throws -> Result {
    let outcome = try JobsCommandLine(socket: socket, asNobody: asNobody).run(arguments)
    return Result(status: outcome.status, stdout: outcome.output, stderr: outcome.errors)
  }
}

/// Golden files under `Tests/SuanliCLITests/Golden/cluster-*` (regenerate with SUANLI_UPDATE_GOLDEN=1, then review).
enum ClusterGolden {
  static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(text == (try JobsFixtures.golden("cluster-\(name)", text)), sourceLocation: sourceLocation)
  }

  static func json(_ value: some Encodable) -> String { JobsFixtures.json(value) }

  static func json<T: Encodable>(_ values: [T], key: String) -> String { JobsFixtures.json(values, key: key) }
}
