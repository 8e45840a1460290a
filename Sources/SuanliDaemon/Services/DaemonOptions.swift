public import SuanliConfig

/// How `suanlid` was started: a configuration file (or none: the embedded defaults), and paths overriding it.
public struct DaemonOptions: Sendable {
  public var configPath: String?
  public var socketPath: String?
  public var stateDirectory: String?

  public init(configPath: String?, socketPath: String?, stateDirectory: String?) {
    self.configPath = configPath
    self.socketPath = socketPath
    self.stateDirectory = stateDirectory
  }

  /// The configuration in force: the file, or the embedded defaults, with the command line's paths on top.
  public func loadConfig() throws(ConfigError) -> DaemonConfig {
    var config =
      try configPath.map { path throws(ConfigError) in try DaemonConfig.load(contentsOf: path) }
      ?? DaemonConfig.embeddedDefault()
    if let socketPath { config.socketPath = socketPath }
    if let stateDirectory { config.stateDirectory = stateDirectory }
    return config
  }
}
