import Foundation
import SuanliTestSupport
import Testing

@testable import SuanliDaemon

/// `docs/openapi.json` documents exactly the routes the daemon serves.
@Suite struct OpenAPIDocumentTests {
  static var documentURL: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/openapi.json")
  }

  @Test func routesAndDocumentAgree() throws {
    let data = try Data(contentsOf: Self.documentURL)
    let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let paths = try #require(document["paths"] as? [String: [String: Any]])
    var documented = Set<String>()
    for (path, operations) in paths {
      for method in operations.keys where ["get", "post", "put", "delete", "patch"].contains(method) {
        documented.insert("\(method.uppercased()) \(path)")
      }
    }
    let served = Set(Router.table.map { "\($0.method) \($0.pattern)" })
    #expect(served.subtracting(documented).isEmpty, "served but not documented")
    #expect(documented.subtracting(served).isEmpty, "documented but not served")
    #expect(document["openapi"] as? String == "3.0.3")
  }

  @Test func theRouteTableIsAlphabetised() {
    let keys = Router.table.map { "\($0.pattern) \($0.method)" }
    #expect(keys == keys.sorted())
  }
}
