import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// SIGHUP and `POST /v1/reload` apply a new configuration without losing jobs; an invalid file is refused with a
/// clear log line and the old configuration stays in force.
@Suite struct ReloadTests {
  @Test func aValidFileChangesQuotasAndMembersAndKeepsEveryJob() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let id = try #require(try client.submit(.gpu()).jobIds.first)
    let path = try #require(daemon.configPath)

    let raised =
      TestConfig.standard().replacingOccurrences(
        of: #""nvidia-h200" = 16, "nvidia-a100" = 8"#, with: #""nvidia-h200" = 24, "nvidia-a100" = 8"#)
        + """

        [[enterprise]]
        id = "delta"
        members = ["root"]
        limit = { cpu = 8, memory = "16G" }
        """
    try raised.write(toFile: path, atomically: true, encoding: .utf8)
    let info = try client.call("POST", "/v1/reload", as: DaemonInfo.self)
    #expect(info.caller.enterprises == ["acme", "delta"])
    let acme = try client.call("GET", "/v1/enterprises/acme", as: EnterpriseInfo.self)
    #expect(acme.quota.first { $0.resource == "nvidia-h200" }?.limit == 24)
    #expect(try client.job(id).state == .pending)

    try TestConfig.standard().write(toFile: path, atomically: true, encoding: .utf8)
    daemon.signal(SIGHUP)
    var enterprises: [String] = []
    for _ in 0..<100 {
      enterprises = try client.call("GET", "/v1/enterprises", as: EnterpriseList.self).enterprises.map(\.id)
      if !enterprises.contains("delta") { break }
      usleep(50_000)
    }
    #expect(!enterprises.contains("delta"))
  }

  @Test func anInvalidFileIsRefusedAndTheOldConfigurationStays() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let path = try #require(daemon.configPath)
    try (TestConfig.standard() + "\n[jobs]\nmax_array_size = -3\n").write(
      toFile: path, atomically: true, encoding: .utf8)

    let refused = apiError { try client.call("POST", "/v1/reload", as: DaemonInfo.self) }
    #expect(refused?.status == 400)
    #expect(refused?.error.message.contains("configuration refused") == true)
    daemon.signal(SIGHUP)
    for _ in 0..<600 where !daemon.log.contains("configuration refused, the previous one stays in force") {
      usleep(50_000)
    }
    #expect(daemon.log.contains("configuration refused, the previous one stays in force"))
    let acme = try client.call("GET", "/v1/enterprises/acme", as: EnterpriseInfo.self)
    #expect(acme.quota.first { $0.resource == "nvidia-h200" }?.limit == 16)
    #expect(try client.submit(.gpu()).jobIds.count == 1)
  }

  @Test func checkConfigValidatesAFileAndExits() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    let path = try #require(daemon.configPath)
    let good = Process()
    good.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
    good.arguments = ["--check-config", path]
    good.standardOutput = FileHandle.nullDevice
    try good.run()
    good.waitUntilExit()
    #expect(good.terminationStatus == 0)

    try "[scheduler]\nbackfil_depth = 3\n".write(toFile: path, atomically: true, encoding: .utf8)
    let bad = Process()
    bad.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
    bad.arguments = ["--check-config", path]
    let errors = Pipe()
    bad.standardError = errors
    try bad.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    bad.waitUntilExit()
    #expect(bad.terminationStatus == 78)
    #expect(message.contains("backfil_depth"))
  }
}
