import Foundation

/// Runs blocking work (socket reads, waiting for a child process) on a thread of its own, keeping Swift's small
/// cooperative pool (and Dispatch's, which on Linux runs only as many blocked workers as there are cores) free
/// for the server under test.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    let thread = Thread {
      continuation.resume(with: Result { try work() })
    }
    thread.start()
  }
}
