import SuanliHTTP
import Testing

/// Warnings others can provoke: one per key and interval is let through, the rest counted and told with the next.
struct WarningThrottleTests {
  let start = ContinuousClock.now

  @Test func theFirstIsLoggedTheRestCountedAndToldWithTheNextLogged() {
    let throttle = WarningThrottle(interval: .seconds(60))
    #expect(throttle.admit("192.0.2.7", at: start) == 0)
    for second in 1...5 {
      #expect(throttle.admit("192.0.2.7", at: start + .seconds(second)) == nil)
    }
    #expect(throttle.admit("198.51.100.1", at: start + .seconds(10)) == 0, "another address has its own count")
    #expect(throttle.admit("192.0.2.7", at: start + .seconds(60)) == 5)
    #expect(throttle.admit("192.0.2.7", at: start + .seconds(61)) == nil)
    #expect(throttle.admit("192.0.2.7", at: start + .seconds(200)) == 1)
  }

  @Test func keysBeyondTheLimitShareOneCountAndQuietOnesAreForgotten() {
    let throttle = WarningThrottle(interval: .seconds(60), maxKeys: 2)
    #expect(throttle.admit("a", at: start) == 0)
    #expect(throttle.admit("b", at: start) == 0)
    #expect(throttle.admit("c", at: start + .seconds(1)) == 0, "c is counted as the overflow")
    #expect(throttle.admit("d", at: start + .seconds(2)) == nil, "so is d, within the overflow's minute")
    #expect(throttle.admit("a", at: start + .seconds(3)) == nil, "a is still remembered")
    // A minute on, the quiet keys are forgotten to make room.
    #expect(throttle.admit("e", at: start + .seconds(90)) == 0)
  }

  @Test(
    arguments: [
      (Peer.remote(address: "192.0.2.7:51234"), "192.0.2.7"),
      (Peer.remote(address: "[2001:db8::1]:51234"), "2001:db8::1"),
      (Peer.remote(address: "unknown address"), "unknown address"),
      (Peer.local(PeerCredentials(pid: 12, uid: 1000, gid: 1000)), "uid 1000"),
    ])
  func refusalsAreCountedPerAddressNotPerConnection(peer: Peer, origin: String) {
    #expect(peer.origin == origin)
  }
}
