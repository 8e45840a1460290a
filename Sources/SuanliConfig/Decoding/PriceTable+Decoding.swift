import SuanliCore

/// `[prices]` and `[prices.cards]`.
extension DaemonConfig {
  static let pricesKeys = ["core_hour", "gib_hour", "cards"]
}

extension PriceTable {
  mutating func read(_ prices: inout TableReader) throws(ConfigError) {
    if let millis = try prices.credits("core_hour") { perCoreHour = Credits(millis: millis) }
    if let millis = try prices.credits("gib_hour") { perGiBHour = Credits(millis: millis) }
    let cardPrices = try prices.table("cards", known: []) { (cards: inout TableReader) throws(ConfigError) in
      var perCard: [String: Credits] = [:]
      for model in cards.keys { perCard[model] = Credits(millis: try cards.credits(model)!) }
      return perCard
    }
    if let cardPrices { perCardHour = cardPrices }
  }
}
