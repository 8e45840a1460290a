import Foundation

/// The outcome of running curl.
struct CurlResult: Sendable {
  var status: Int32
  var output: String
  var errors: String
}

/// Runs `curl --unix-socket SOCKET ARGS…` (optionally through `setpriv` as another user) and waits for it.
func curl(socket: String, _ arguments: [String], asUser uid: UInt32? = nil) async throws -> CurlResult {
  try await blocking {
    let process = Process()
    var command = ["--silent", "--show-error", "--max-time", "20", "--unix-socket", socket] + arguments
    if let uid {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      command = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "/usr/bin/curl"] + command
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    }
    process.arguments = command
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CurlResult(
      status: process.terminationStatus,
      output: String(decoding: outputData, as: UTF8.self),
      errors: String(decoding: errorData, as: UTF8.self)
    )
  }
}

/// Decodes an echo body.
func decodeEcho(_ text: String) throws -> Echo {
  try JSONDecoder().decode(Echo.self, from: Data(text.utf8))
}

/// Decodes the `error` object of a JSON error body.
func decodeError(_ bytes: [UInt8]) throws -> [String: String] {
  struct Body: Decodable { var error: [String: String] }
  return try JSONDecoder().decode(Body.self, from: Data(bytes)).error
}
