import Glibc

/// Runs `body` with environment variables set (a value) or unset (nil), then restores their previous values.
func withEnvironment<Result>(_ changes: [String: String?], _ body: () throws -> Result) rethrows -> Result {
  let previous = changes.keys.map { name in (name, getenv(name).map { String(cString: $0) }) }
  for (name, value) in changes { setEnvironment(name, value) }
  defer {
    for (name, value) in previous { setEnvironment(name, value) }
  }
  return try body()
}

/// The current value of an environment variable.
func environmentValue(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}

private func setEnvironment(_ name: String, _ value: String?) {
  if let value {
    setenv(name, value, 1)
  } else {
    unsetenv(name)
  }
}
