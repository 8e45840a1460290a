public import Foundation

/// A real systemd booted as PID 1 of fresh namespaces (cgroup, pid, mount, UTS, IPC, network), for tests of
/// unit files, socket activation, the watchdog, `systemctl` and `journalctl` (see ../shared/recipes/systemd.md).
///
/// The machine shares the host's file system but writes nothing to it: its `/etc`, `/var`, `/usr`, `/opt`,
/// `/srv`, `/home` and `/root` are overlays whose changes stay in the machine's own `/run` (a tmpfs), and `/tmp`
/// and `/var/log/journal` are tmpfs. So `systemctl enable`, `systemd-sysusers` and `StateDirectory=` are safe.
/// Its network has only `lo`. The host directory ``sharedDirectory`` is `/run/host` inside.
///
/// ```swift
/// let machine = try SystemdMachine(.init(units: ["hello.service": unit], wants: ["dbus.socket"]))
/// defer { machine.shutdown() }
/// try machine.systemctl("start", "hello.service").check()
/// let log = try machine.journalctl("-u", "hello.service", "-o", "cat").output
/// ```
///
/// Cleanup is robust: ``shutdown()`` is idempotent (powers off, then kills); a watcher process outside ends the
/// machine and removes its cgroups when the test process dies, even by SIGKILL; a later machine removes
/// empty cgroups that a killed watcher left. Needs root (``isAvailable``).
public final class SystemdMachine: @unchecked Sendable {
  /// The machine's files on the host: the script, logs and the tree laid over its `/`.
  public let directory: URL
  /// Seen inside the machine as `/run/host`, to pass files in and out while it runs.
  public let sharedDirectory: URL
  /// The host's pid of the machine's systemd (PID 1 inside).
  public private(set) var pid1: Int32 = 0
  private let watcher = Process()
  private let lock = NSLock()
  private var ended = false

  /// Root, systemd, util-linux's namespace tools and a cgroup2 hierarchy are there.
  public static var isAvailable: Bool {
    let tools = ["/lib/systemd/systemd", "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/flock", "/bin/bash"]
    let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
    return getuid() == 0 && tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
      && mounts.contains(" cgroup2 ")
  }

  /// Boots a machine and waits until systemd reports it `running` (or `degraded`); throws with the console
  /// log when it does not, leaving nothing behind.
  public init(_ configuration: Configuration = Configuration()) throws {
    let name = "suanli-machine-\(UUID().uuidString.prefix(8).lowercased())"
    directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(name)
    sharedDirectory = directory.appendingPathComponent("shared")
    do {
      try prepare(configuration)
      try boot(name: name, timeoutSeconds: configuration.bootTimeoutSeconds)
    } catch {
      let console = consoleLog
      shutdown()
      throw TestFailure("the systemd machine did not boot: \(error)\nconsole:\n\(console)")
    }
  }

  deinit { shutdown() }

  /// What the boot script printed, and systemd before its journal was up (then it logs to the journal).
  public var consoleLog: String {
    let files = ["boot.log", "console.log"].map { directory.appendingPathComponent($0).path }
    return files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
  }

  /// Powers the machine off, kills whatever remains, removes its cgroups and its directory. Idempotent; also
  /// safe after a failed boot.
  public func shutdown() {
    lock.lock()
    defer { lock.unlock() }
    guard !ended else { return }
    ended = true
    if watcher.isRunning {
      if pid1 > 0 { _ = try? run(["systemctl", "poweroff", "--no-block"], timeoutSeconds: 10) }
      if !waitForEnd(seconds: 20) {
        kill(watcher.processIdentifier, SIGTERM)  // its trap kills the machine's PID 1
        if !waitForEnd(seconds: 10), pid1 > 0 { kill(pid1, SIGKILL) }
      }
      watcher.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: directory)
  }

  private func waitForEnd(seconds: Double) -> Bool {
    (try? waitUntil("the machine to end", seconds: seconds) { !watcher.isRunning }) != nil
  }

  private func prepare(_ configuration: Configuration) throws {
    let files = FileManager.default
    let root = directory.appendingPathComponent("root")
    try files.createDirectory(at: sharedDirectory, withIntermediateDirectories: true)
    try files.createDirectory(at: root, withIntermediateDirectories: true)
    for tree in configuration.trees {
      // Hard links when the tree is on the same file system (fast; the overlays never write to them).
      let linked = try commandOutput("/bin/cp", ["-al", "\(tree)/.", root.path])
      let copy = linked.succeeded ? linked : try commandOutput("/bin/cp", ["-a", "\(tree)/.", root.path])
      guard copy.succeeded else { throw TestFailure("cannot copy \(tree): \(copy.error)") }
    }
    for (path, source) in configuration.copies {
      let url = root.appendingPathComponent(String(path.drop { $0 == "/" }))
      try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      let copy = try commandOutput("/bin/cp", ["-a", source, url.path])
      guard copy.status == 0 else { throw TestFailure("cannot copy \(source): \(copy.error)") }
    }
    var written = configuration.files
    for (unit, text) in configuration.units { written["/run/systemd/system/\(unit)"] = text }
    for (path, text) in written {
      let url = root.appendingPathComponent(String(path.drop { $0 == "/" }))
      try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
      if configuration.executables.contains(path) {
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
      }
    }
    let lists = [
      "masks": Self.defaultMasks + configuration.masks, "target": configuration.wants,
    ]
    for (file, lines) in lists {
      try lines.map { $0 + "\n" }.joined().write(
        to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }
    try SystemdMachineScript.text.write(
      to: directory.appendingPathComponent("machine.sh"), atomically: true, encoding: .utf8)
  }

  private func boot(name: String, timeoutSeconds: Double) throws {
    let log = directory.appendingPathComponent("boot.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    defer { try? handle.close() }
    watcher.executableURL = URL(fileURLWithPath: "/bin/bash")
    watcher.arguments = [
      directory.appendingPathComponent("machine.sh").path, "boot", directory.path, name, "\(getpid())",
    ]
    watcher.environment = Self.commandEnvironment
    watcher.standardOutput = handle
    watcher.standardError = handle
    watcher.standardInput = FileHandle.nullDevice
    try watcher.run()
    let pidFile = directory.appendingPathComponent("pid1").path
    try waitUntil("the machine's PID 1", seconds: 20) {
      guard watcher.isRunning else { throw TestFailure("the machine ended while booting") }
      return FileManager.default.fileExists(atPath: pidFile)
    }
    let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let pid = pid.flatMap({ Int32($0) }), pid > 1 else { throw TestFailure("no PID 1 was started") }
    pid1 = pid
    var state = ""
    try waitUntil("systemd to finish booting", seconds: timeoutSeconds) {
      guard watcher.isRunning else { throw TestFailure("the machine ended while booting") }
      state = (try? run(["systemctl", "is-system-running"], timeoutSeconds: 10).output) ?? ""
      state = state.trimmingCharacters(in: .whitespacesAndNewlines)
      return state == "running" || state == "degraded"
    }
  }

  /// The environment of commands run inside and of the watcher: nothing of the test's (no NOTIFY_SOCKET,
  /// LISTEN_FDS, JOURNAL_STREAM…), no pager, no colours.
  static let commandEnvironment = [
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "TERM": "dumb",
    "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0", "SYSTEMD_LESS": "",
  ]
}
