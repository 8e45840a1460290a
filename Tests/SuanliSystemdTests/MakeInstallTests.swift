import Foundation
import SuanliTestSupport
import Testing

/// `make install-files` and `make uninstall` with DESTDIR: the layout, and what uninstall keeps.
struct MakeInstallTests {
  static let installed = [
    "usr/local/bin/suanlid", "usr/local/bin/suanli", "usr/local/bin/suanli-agent", "usr/local/bin/suanli-run-job",
    "usr/local/lib/systemd/system/suanlid.service", "usr/local/lib/systemd/system/suanlid.socket",
    "usr/local/lib/systemd/system/suanli-agent.service", "usr/local/lib/sysusers.d/suanli.conf",
    "usr/local/lib/tmpfiles.d/suanli.conf", "usr/local/lib/systemd/catalog/suanli.catalog",
    "usr/local/share/suanli/remote-agents.conf", "etc/suanli/suanlid.toml", "etc/suanli/agent.toml",
  ]

  @Test func uninstallRemovesWhatInstallAddedButAnEditedConfiguration() throws {
    let stage = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "suanli-install-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: stage) }
    try InstalledSuanli.make("install-files", destination: stage.path)
    let files = Self.installed.map { stage.appendingPathComponent($0).path }
    #expect(files.filter { !FileManager.default.fileExists(atPath: $0) } == [])
    #expect(FileManager.default.isExecutableFile(atPath: files[0]))
    let unit = try String(contentsOfFile: files[4], encoding: .utf8)
    #expect(unit.contains("ExecStart=/usr/local/bin/suanlid --config /etc/suanli/suanlid.toml"))

    let edited = stage.appendingPathComponent("etc/suanli/agent.toml")
    try "[agent]\nnode = \"gpu-a01\"\n".write(to: edited, atomically: true, encoding: .utf8)
    try InstalledSuanli.make("install-files", destination: stage.path)
    #expect(try String(contentsOf: edited, encoding: .utf8) == "[agent]\nnode = \"gpu-a01\"\n")

    try InstalledSuanli.make("uninstall", destination: stage.path)
    #expect(files.filter { FileManager.default.fileExists(atPath: $0) } == [edited.path])
  }
}
