import Foundation
import SuanliTestSupport
import Testing

/// The test machine itself: it boots, runs units and commands, keeps their journal, and leaves nothing behind.
@Suite(.enabled(if: SystemdMachine.isAvailable, "needs root, systemd, unshare and nsenter"))
struct SystemdMachineTests {
  @Test func itRunsAUnitAndACommandAndCleansUp() throws {
    let unit = """
      [Service]
      Type=oneshot
      DynamicUser=yes
      ExecStart=/bin/sh -c 'echo hello from $(id -un)'
      """
    let machine = try SystemdMachine(
      .init(
        units: ["hello.service": unit], files: ["/etc/hello.txt": "inside\n"],
        copies: ["/usr/local/bin/machine-true": "/bin/true"], wants: ["dbus.socket"]))
    let cgroups = try String(contentsOf: machine.directory.appendingPathComponent("cgroups"), encoding: .utf8)
      .split(separator: "\n").map { String($0.split(separator: " ")[1]) }
    try machine.systemctl("start", "hello.service").check()
    let journal = try machine.journalctl("-u", "hello.service", "-o", "cat").check()
    #expect(journal.output.contains("hello from hello"))
    #expect(try machine.run(["cat", "/etc/hello.txt"]).output == "inside\n")
    #expect(try machine.run(["sh", "-c", "exit 3"]).status == 3)
    #expect(try machine.run(["/usr/local/bin/machine-true"]).succeeded)
    #expect(try machine.run(["systemd-run", "--wait", "-q", "true"]).succeeded)
    #expect(!FileManager.default.fileExists(atPath: "/etc/hello.txt"))
    #expect(!FileManager.default.fileExists(atPath: "/usr/local/bin/machine-true"))

    let pid1 = machine.pid1
    machine.shutdown()
    machine.shutdown()
    #expect(kill(pid1, 0) != 0)
    #expect(cgroups.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
    #expect(!FileManager.default.fileExists(atPath: machine.directory.path))
  }
}
