import SuanliConfig

/// Building blocks of test documents: a valid minimal configuration to which each test adds one thing.
enum Doc {
  static let paths = DefaultPaths(socketPath: "/tmp/suanli-test.sock", stateDirectory: "/tmp/suanli-test-state")
  static let source = "test.toml"

  static let prices = """
    [prices.cards]
    "nvidia-h200" = 10

    """

  static let enterprise = """
    [[enterprise]]
    id = "acme"
    limit = { cpu = 8, memory = "16G", cards = { "nvidia-h200" = 4 } }

    """

  /// `sections` (tables other than enterprises), then the prices, then the enterprises: keys appended after an
  /// `[[enterprise]]` belong to the last enterprise.
  static func config(_ sections: String = "", prices: String = prices, enterprises: String = enterprise) -> String {
    sections + "\n" + prices + "\n" + enterprises
  }

  static func parse(_ toml: String) throws(ConfigError) -> DaemonConfig {
    try DaemonConfig.parse(toml, source: source, paths: paths)
  }

  /// The error a document gives, if any.
  static func error(of toml: String) -> ConfigError? {
    do {
      _ = try parse(toml)
      return nil
    } catch {
      return error
    }
  }
}
