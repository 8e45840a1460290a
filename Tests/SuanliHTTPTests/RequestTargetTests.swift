import Testing

@testable import SuanliHTTP

@Suite("request targets and header fields")
struct RequestTargetTests {
  @Test(
    "targets are split and decoded",
    arguments: [
      ("/v1/jobs", "/v1/jobs", [RequestTarget.Pair]()),
      ("/v1/jobs?", "/v1/jobs", []),
      ("/a%20b?x=1&&y=%E7%AE%97+%E5%8A%9B", "/a b", [.init(name: "x", value: "1"), .init(name: "y", value: "算 力")]),
      ("/p+q?k", "/p+q", [.init(name: "k", value: "")]),
      ("http://localhost/v1/jobs?a=b", "/v1/jobs", [.init(name: "a", value: "b")]),
      ("http://localhost", "/", []),
      ("http://localhost?z=1", "/", [.init(name: "z", value: "1")]),
      ("/x#fragment", "/x", []),
    ]
  )
  func parses(target: String, path: String, query: [RequestTarget.Pair]) throws {
    let parsed = try RequestTarget(parsing: target)
    #expect(parsed.path == path)
    #expect(parsed.query == query)
  }

  @Test("malformed targets are refused", arguments: ["", "v1", "/%", "/%4", "/%G0", "/%C3%28", "/a b", "/\u{e9}"])
  func refuses(target: String) {
    #expect(throws: RequestTarget.Invalid.self) { try RequestTarget(parsing: target) }
  }

  @Test("header fields are looked up case-insensitively and keep repeats")
  func headerFields() {
    var fields: HTTPHeaderFields = [("Content-Type", "text/plain"), ("X-Tag", "a"), ("x-tag", "b")]
    #expect(fields["content-type"] == "text/plain")
    #expect(fields.values(for: "X-TAG") == ["a", "b"])
    fields.replaceOrAdd(name: "X-Tag", value: "c")
    #expect(fields.values(for: "x-tag") == ["c"])
    #expect(!fields.contains("missing"))
  }

  @Test("error bodies escape their strings")
  func errorBody() {
    let response = HTTPResponse.error(status: 400, code: "bad", message: "a \"quoted\"\nline\u{1}", hint: "\\")
    #expect(
      String(decoding: response.body, as: UTF8.self)
        == #"{"error":{"code":"bad","message":"a \"quoted\"\nline\u0001","hint":"\\"}}"#
    )
    #expect(response.headers["Content-Type"] == "application/json")
  }
}
