import SuanliCore

extension DaemonConfig {
  /// Accelerator models the embedded default knows, with their prices in credits per card-hour.
  static let embeddedCardPrices: [String: Credits] = [
    "nvidia-h200": Credits(millis: 12_500), "nvidia-a100": Credits(millis: 6_000),
    "ascend-910b": Credits(millis: 4_000),
  ]

  /// The configuration used when no file is given, so that anyone can run the daemon with no setup: default
  /// paths (see ``DefaultPaths``) and one enterprise, `default`, open to everyone, with limits no machine
  /// reaches on CPU, memory and the models `nvidia-h200`, `nvidia-a100` and `ascend-910b`, no guarantee (so
  /// nothing is ever reclaimed) and a budget of 1,000,000 credits. All other settings are the defaults.
  public static func embeddedDefault(paths: DefaultPaths = .current) -> DaemonConfig {
    let cardsLimit = Dictionary(uniqueKeysWithValues: embeddedCardPrices.keys.map { ($0, 1_000_000) })
    let limit = ResourceAmounts(cpuMillis: 1_000_000_000, memoryMiB: 1 << 40, cards: cardsLimit)
    let everyone = EnterpriseConfig(
      spec: EnterpriseSpec(id: "default", limit: limit, credits: Credits(1_000_000)), name: "Default enterprise",
      members: [.everyone])
    var config = DaemonConfig(paths: paths)
    config.prices = PriceTable(
      perCardHour: embeddedCardPrices, perCoreHour: Credits(millis: 50), perGiBHour: Credits(millis: 10))
    config.enterprises = [everyone]
    return config
  }
}
