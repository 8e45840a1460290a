import SuanliCore
import Testing

@testable import SuanliConfig

/// Durations, sizes, CPU amounts and credits: what each notation means, and what is refused.
@Suite struct UnitsTests {
  @Test(
    arguments: [
      ("90s", 90), ("15m", 900), ("2h30m", 9_000), ("1d", 86_400), ("1d2h3m4s", 93_784), ("3600", 3_600), ("0s", 0),
    ] as [(String, Int64)])
  func durations(_ text: String, seconds: Int64) throws {
    #expect(try Units.seconds(in: text) == seconds)
  }

  @Test(arguments: ["", "h", "1h1d", "1x", "1hh", "1h1h", "-1h", "1.5h", "1 h", "99999999999999999999s", "1h30"])
  func badDurations(_ text: String) {
    #expect(throws: ValueProblem.self) { try Units.seconds(in: text) }
  }

  @Test(
    arguments: [
      ("512G", 524_288), ("1.5T", 1_572_864), ("1024K", 1), ("2Gi", 2_048), ("2GiB", 2_048), ("4096", 4_096),
      ("0.5G", 512), ("1M", 1),
    ] as [(String, Int64)])
  func memory(_ text: String, mebibytes: Int64) throws {
    #expect(try Units.mebibytes(in: text) == mebibytes)
  }

  @Test(arguments: ["512K", "1GB", "G", "1.5", "abc", "1g", "1.2.3G", "99999999999T"])
  func badMemory(_ text: String) {
    #expect(throws: ValueProblem.self) { try Units.mebibytes(in: text) }
  }

  @Test func byteCountsWithoutAUnitAreBytes() throws {
    #expect(try Units.bytes(in: "1M", plainUnit: 1) == 1 << 20)
    #expect(try Units.bytes(in: "65536", plainUnit: 1) == 65_536)
  }

  @Test(arguments: [("500m", 500), ("2.5", 2_500), ("0.001", 1), ("8", 8_000), ("1e-3", 1)] as [(String, Int64)])
  func cpu(_ text: String, millicores: Int64) throws {
    #expect(try Units.millicores(in: text) == millicores)
  }

  @Test(arguments: ["0.0005", "1.5m", "x", "", "m"])
  func badCPU(_ text: String) {
    #expect(throws: ValueProblem.self) { try Units.millicores(in: text) }
  }

  @Test func decimalsAreExact() throws {
    // 0.1 and 2.675 have no exact binary form: the value as written is what counts.
    #expect(ExactDecimal(0.1)?.scaled(by: 1_000) == .success(100))
    #expect(ExactDecimal(2.675)?.scaled(by: 1_000) == .success(2_675))
    #expect(ExactDecimal(1e-3)?.scaled(by: 1_000) == .success(1))
    #expect(ExactDecimal(1e20)?.scaled(by: 1_000) == .failure(.tooLarge))
    #expect(ExactDecimal("999999999999999999")?.scaled(by: 1_000) == .failure(.tooLarge))
    #expect(ExactDecimal("0.0001")?.scaled(by: 1_000) == .failure(.notWhole))
    #expect(ExactDecimal(Double.nan) == nil)
    #expect(ExactDecimal("1234567890123456789") == nil)  // more than 18 significant digits
    #expect(ExactDecimal("5.") == nil)
    #expect(ExactDecimal(".5")?.scaled(by: 10) == .success(5))
  }

  @Test func unitsInADocument() throws {
    let toml = """
      [nodes]
      heartbeat_interval = 5
      down_after = "1m30s"
      [jobs]
      default_walltime = "2h30m"
      [daemon]
      max_request_bytes = "64K"
      [prices]
      core_hour = 0.1
      gib_hour = 1
      [prices.cards]
      "nvidia-h200" = 2.675
      [[enterprise]]
      id = "acme"
      guaranteed = { cpu = 0.1, memory = 1024 }
      limit = { cpu = "250m", memory = "1.5G", cards = { "nvidia-h200" = 3 } }
      budget = 10.001
      """
    let config = try Doc.parse(toml)
    #expect(config.heartbeatInterval == 5)
    #expect(config.nodeDownAfter == 90)
    #expect(config.defaultWalltime == 9_000)
    #expect(config.maxRequestBytes == 65_536)
    #expect(config.prices.perCoreHour == Credits(millis: 100))
    #expect(config.prices.perGiBHour == Credits(1))
    #expect(config.prices.perCardHour == ["nvidia-h200": Credits(millis: 2_675)])
    let spec = try #require(config.enterprises.first?.spec)
    #expect(spec.guaranteed == ResourceAmounts(cpuMillis: 100, memoryMiB: 1_024))
    #expect(spec.limit == ResourceAmounts(cpuMillis: 250, memoryMiB: 1_536, cards: ["nvidia-h200": 3]))
    #expect(spec.credits == Credits(millis: 10_001))
  }

  @Test func durationsAreDescribedInTheFilesNotation() {
    #expect(Units.describe(seconds: 9_000) == "2h30m")
    #expect(Units.describe(seconds: 86_401) == "1d1s")
    #expect(Units.describe(seconds: 0) == "0s")
  }
}
