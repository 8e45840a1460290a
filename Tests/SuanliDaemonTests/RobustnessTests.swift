import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

@testable import SuanliDaemon

/// No request can crash the daemon or make it fail: random bodies, parameters and queries on every route get a
/// 2xx or a 4xx answer with a JSON error, and the daemon keeps serving. Seeded, so a failure can be replayed.
@Suite struct RobustnessTests {
  @Test(arguments: [UInt64(1), 2, 3])
  func randomRequestsOnEveryRouteNeverFailTheDaemon(seed: UInt64) throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    _ = try client.register("n1")
    _ = try client.submit(.gpu())
    var random = SeededRandom(seed: seed)
    for _ in 0..<300 {
      let route = Router.table[Int(random.next() % UInt64(Router.table.count))]
      var path = route.pattern
      path = path.replacingOccurrences(
        of: "{id}", with: random.pick(["1", "2", "0", "-5", "abc", "99999999999999999999", "acme", "%00"]))
      path = path.replacingOccurrences(of: "{name}", with: random.pick(["n1", "n2", "", "..", "%2F"]))
      let query = random.pick([
        "", "?limit=0", "?state=all", "?node=n1&wait=0", "?after=-1", "?since=x", "?by=day", "?priority=true&limit=3",
      ])
      let body = route.method == "POST" ? random.body() : nil
      let (status, answer) = try client.raw(route.method, path + query, body: body.map { Array($0.utf8) })
      #expect(
        status < 500,
        "\(route.method) \(path)\(query) \(body ?? ""): \(status) \(String(decoding: answer, as: UTF8.self))")
      if status >= 400 {
        #expect(
          (try? APIJSON.decode(APIErrorBody.self, from: Data(answer))) != nil, "\(route.method) \(path): error is JSON")
      }
    }
    #expect(try client.info().version == APIVersion.release)
  }
}

/// SplitMix64: a small deterministic generator for reproducible random requests.
struct SeededRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }

  /// A random JSON document: sometimes valid-looking, mostly wrong in type, range or shape.
  mutating func body() -> String {
    switch next() % 6 {
    case 0: return pick(["", "{", "null", "[]", "\"x\"", "{\"a\":}", "\u{0}"])
    case 1:
      return
        "{\"command\":[\"/bin/true\"],\"cards\":\(pick(["-1", "1e99", "\"8\"", "null", "64", "9223372036854775807"]))}"
    case 2:
      return
        "{\"node\":\"n\(next() % 3)\",\"labels\":{},\"cpu_millis\":\(pick(["0", "-1", "1000", "1e3"])),\"memory_mib\":1,\"cards\":\(pick(["0", "65", "8"])),\"running\":[\(pick(["", "1", "-1"]))]}"
    case 3:
      return "{\"credits\":\(pick(["\"1\"", "\"-1\"", "\"1.2345\"", "\"99999999999999999999\"", "5"])),\"note\":\"v\"}"
    case 4:
      return
        "{\"node\":\"n1\",\"state\":\(pick(["\"running\"", "\"succeeded\"", "\"bogus\"", "1"])),\"exit_code\":\(pick(["0", "256", "-9"]))}"
    default:
      return
        "{\"jobs\":[\(pick(["", "{}", "{\"command\":[\"x\"],\"array\":{\"first\":0,\"last\":3,\"max_running\":0}}"]))],\"reason\":\"\(pick(["", "x"]))\"}"
    }
  }
}
