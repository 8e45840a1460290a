/// Reading a cluster description from TOML.
extension SimulationConfig {
  /// Reads, parses and validates the TOML file at `path` (`suanli simulate --cluster FILE`).
  public static func load(contentsOf path: String) throws(ConfigError) -> SimulationConfig {
    try parse(try TextFile.contents(of: path), source: path)
  }

  /// Parses and validates a TOML document; `source` names it in errors.
  public static func parse(_ toml: String, source: String) throws(ConfigError) -> SimulationConfig {
    let root = try ConfigValue.parseDocument(toml, file: source)
    let config = try decode(root, file: source)
    try config.validate(source: source)
    return config
  }
}
