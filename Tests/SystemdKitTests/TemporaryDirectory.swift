import Foundation

/// A fresh directory under /tmp, removed with everything in it when the value is released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    var template = Array("/tmp/systemdkit-test-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    path = String(cString: made)
  }

  func file(_ name: String) -> String { path + "/" + name }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }
}
