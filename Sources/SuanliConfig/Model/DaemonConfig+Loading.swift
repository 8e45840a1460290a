/// Reading a configuration from TOML.
extension DaemonConfig {
  /// Reads, parses and validates the TOML file at `path` (`suanlid --config FILE`; again on SIGHUP).
  /// Paths not given in `[daemon]` default to `paths`.
  public static func load(contentsOf path: String, paths: DefaultPaths = .current) throws(ConfigError)
    -> DaemonConfig
  {
    let text = try TextFile.contents(of: path)
    return try parse(text, source: path, paths: paths)
  }

  /// Parses and validates a TOML document; `source` names it in errors (usually the file's path).
  /// Paths not given in `[daemon]` default to `paths`.
  public static func parse(_ toml: String, source: String, paths: DefaultPaths = .current) throws(ConfigError)
    -> DaemonConfig
  {
    let root = try ConfigValue.parseDocument(toml, file: source)
    let config = try decode(root, file: source, paths: paths)
    try config.validate(source: source)
    return config
  }
}
