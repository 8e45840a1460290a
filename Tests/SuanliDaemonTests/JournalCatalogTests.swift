import Foundation
import SuanliTestSupport
import Testing

@testable import SuanliDaemon

/// `systemd/suanli.catalog` explains every MESSAGE_ID the daemon logs, and journalctl accepts it.
@Suite struct JournalCatalogTests {
  static var catalogPath: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("systemd/suanli.catalog").path
  }

  @Test func everyEventKindHasExactlyOneCatalogEntry() throws {
    let text = try String(contentsOfFile: Self.catalogPath, encoding: .utf8)
    let ids = text.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) }
    #expect(ids.count == Set(ids).count)
    #expect(Set(ids) == Set(JournalEvent.allCases.map(\.rawValue)))
    for id in ids { #expect(id.count == 32 && id.allSatisfy(\.isHexDigit) && id == id.lowercased()) }
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl")))
  func journalctlCompilesTheCatalog() throws {
    let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("catalog-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogs = root.appendingPathComponent("usr/lib/systemd/catalog")
    try FileManager.default.createDirectory(at: catalogs, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("var/lib/systemd/catalog"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Self.catalogPath, toPath: catalogs.appendingPathComponent("suanli.catalog").path)
    _ = try DaemonProcess.run("/usr/bin/journalctl", ["--root=\(root.path)", "--update-catalog"])
    let listed = try DaemonProcess.run("/usr/bin/journalctl", ["--root=\(root.path)", "--list-catalog"])
    let ids = Set(listed.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    #expect(ids == Set(JournalEvent.allCases.map(\.rawValue)))
  }
}
