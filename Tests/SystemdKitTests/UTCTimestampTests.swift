import Glibc
import Testing

@testable import SystemdKit

@Suite struct UTCTimestampTests {
  @Test(arguments: [
    (1_795_960_800, 123_456_789, "2026-11-29T14:00:00.123Z"),
    (946_684_799, 999_999_999, "1999-12-31T23:59:59.999Z"),
    (0, 5_000_000, "1970-01-01T00:00:00.005Z"),
  ])
  func formatsInUTCWithMilliseconds(seconds: Int, nanoseconds: Int, expected: String) {
    #expect(UTCTimestamp.format(timespec(tv_sec: seconds, tv_nsec: nanoseconds)) == expected)
  }
}
