import Foundation
import SuanliTestSupport
import Testing

/// The daemon runs on jemalloc (`MemoryAllocator`): the library is mapped into the process, serves its
/// allocations, and the daemon says so when it starts.
struct MemoryAllocatorTests {
  @Test func theDaemonAllocatesWithJemalloc() throws {
    let daemon = try DaemonProcess()
    try daemon.start()
    let pid = try #require(daemon.processIdentifier)
    // Read to the end: a file of /proc reports no size.
    let file = try #require(FileHandle(forReadingAtPath: "/proc/\(pid)/maps"))
    defer { try? file.close() }
    let maps = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
    #expect(maps.contains("libjemalloc"), "jemalloc is not mapped into suanlid")
    // Said only when an allocation of the process shows in jemalloc's count.
    #expect(daemon.log.contains("memory allocator: jemalloc "), "\(daemon.log)")
    #expect(daemon.stop() == 0)
  }
}
