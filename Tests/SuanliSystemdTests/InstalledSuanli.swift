import Foundation
import SuanliTestSupport

/// Suanli installed by `make install-files` (the debug build's binaries) into a ``SystemdMachine``, set up as an
/// operator would: sysusers, tmpfiles, the journal catalog, a user `alice` of the enterprise `acme`, and
/// `systemctl enable --now suanlid.socket`.
struct InstalledSuanli {
  let machine: SystemdMachine

  /// The repository (for `make`), from this file's path.
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The built binaries: next to the test bundle, as for ``DaemonProcess``.
  static let binaries = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent().path

  /// The daemon's configuration: `acme` (alice) may use `cards` H200 cards.
  static func daemonConfig(cards: Int) -> String {
    """
    [daemon]
    admin_group = "suanli-admin"

    [nodes]
    heartbeat_interval = "1s"
    down_after = "1h"

    [prices.cards]
    "nvidia-h200" = 10

    [[enterprise]]
    id = "acme"
    members = ["alice"]
    limit = { cpu = 64, memory = "256G", cards = { "nvidia-h200" = \(cards) } }
    budget = 1000

    """
  }

  /// The agent's configuration: this machine is the node `machine-node` with two H200 cards (declared).
  static let agentConfig = """
    [agent]
    node = "machine-node"
    socket = "/run/suanli/suanli.sock"

    [capacity]
    model = "nvidia-h200"
    cards = 2
    cpus = 4
    memory = "8G"

    """

  /// Installs into a staging directory, boots a machine over it with `extraUnits` (e.g. drop-ins) and `files`
  /// (replacing the configurations above when they name them), and sets it up. The staging directory is removed before this returns.
  static func boot(extraUnits: [String: String] = [:], files: [String: String] = [:]) throws -> InstalledSuanli {
    let stage = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "suanli-install-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: stage) }
    try install(into: stage.path)
    let machine = try SystemdMachine(
      .init(
        units: extraUnits,
        files: ["/etc/suanli/suanlid.toml": daemonConfig(cards: 2), "/etc/suanli/agent.toml": agentConfig].merging(
          files
        ) { _, new in new },
        trees: [stage.path]))
    let installed = InstalledSuanli(machine: machine)
    do {
      try installed.setUpAsOperator()
    } catch {
      machine.shutdown()
      throw error
    }
    return installed
  }

  /// `make install-files DESTDIR=… BIN=…`: the layout `make install` produces, with the debug build.
  static func install(into destination: String) throws {
    try make("install-files", destination: destination)
  }

  /// `make TARGET DESTDIR=destination BIN=binaries` in the repository.
  static func make(_ target: String, destination: String) throws {
    let make = Process()
    make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
    make.arguments = ["-s", "-C", repository.path, target, "DESTDIR=\(destination)", "BIN=\(binaries)"]
    // Nothing of an outer make (jobserver, flags) or of the test's environment.
    make.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin"]
    let log = Pipe()
    make.standardOutput = log
    make.standardError = log
    try make.run()
    let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    make.waitUntilExit()
    guard make.terminationStatus == 0 else { throw TestFailure("make \(target) failed:\n\(output)") }
  }

  /// What the README tells an operator to do after `make install`, and a user for the enterprise.
  func setUpAsOperator() throws {
    try machine.run(["systemd-sysusers"]).check("systemd-sysusers")
    try machine.run(["systemd-tmpfiles", "--create", "/usr/local/lib/tmpfiles.d/suanli.conf"]).check("tmpfiles")
    try machine.run(["journalctl", "--update-catalog"]).check("journalctl --update-catalog")
    try machine.run(["useradd", "--create-home", "alice"]).check("useradd")
    try machine.systemctl("enable", "--now", "suanlid.socket").check("systemctl enable --now suanlid.socket")
  }

  /// `suanli ARGUMENTS` as root (an operator).
  func suanli(_ arguments: String...) throws -> CommandResult {
    try machine.run(["suanli"] + arguments)
  }

  /// `suanli ARGUMENTS` as alice, in her home directory.
  func suanliAsAlice(_ arguments: [String]) throws -> CommandResult {
    try machine.run(
      ["runuser", "-u", "alice", "--", "sh", "-c", "cd ~alice && exec suanli \"$@\"", "suanli"] + arguments)
  }

  /// The JSON object `suanli ARGUMENTS --json` prints.
  func suanliJSON(_ arguments: String...) throws -> [String: Any] {
    let result = try machine.run(["suanli"] + arguments + ["--json"]).check(
      "suanli \(arguments.joined(separator: " "))")
    return try jsonObject(result.output)
  }

  /// The journal entries of suanlid about job `id`, as JSON objects (`journalctl -u suanlid SUANLI_JOB_ID=id -o json`).
  func journalEntries(job id: Int) throws -> [[String: Any]] {
    let journal = try machine.journalctl("-u", "suanlid", "SUANLI_JOB_ID=\(id)", "-o", "json").check("journalctl")
    return try journal.output.split(separator: "\n").map { try jsonObject(String($0)) }
  }

  /// A unit's `systemctl show` properties.
  func show(_ unit: String, _ properties: String...) throws -> [String: String] {
    try machine.show(unit, properties)
  }
}

/// Decodes a JSON object.
func jsonObject(_ text: String) throws -> [String: Any] {
  guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
    throw TestFailure("not a JSON object: \(text)")
  }
  return object
}
