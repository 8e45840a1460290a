/// Any key of a JSON object, to find the ones a type does not know.
struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension Decoder {
  /// Refuses an object with a key that `Keys` does not know: a misspelt field must not be silently ignored
  /// (a job submitted with `"gpu": 8` would otherwise run without cards).
  func rejectUnknownKeys<Keys: CodingKey>(_: Keys.Type) throws {
    let container = try self.container(keyedBy: AnyCodingKey.self)
    for key in container.allKeys where Keys(stringValue: key.stringValue) == nil {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: codingPath + [key], debugDescription: "unknown field '\(key.stringValue)'"))
    }
  }
}
