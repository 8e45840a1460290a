public import Logging

extension Logger.Level {
  /// The syslog priority journald stores in `PRIORITY`: trace and debug 7, info 6, notice 5, warning 4, error 3,
  /// critical 2.
  public var syslogPriority: Int {
    switch self {
    case .trace, .debug: return 7
    case .info: return 6
    case .notice: return 5
    case .warning: return 4
    case .error: return 3
    case .critical: return 2
    }
  }
}
