public import Logging

extension Logger.MetadataValue {
  /// The value as one compact string: strings as they are, arrays as `[a,b]`, dictionaries as `{k:v,l:w}` with keys
  /// sorted.
  public var compactDescription: String {
    switch self {
    case .string(let text):
      return text
    case .stringConvertible(let value):
      return value.description
    case .array(let values):
      return "[" + values.map(\.compactDescription).joined(separator: ",") + "]"
    case .dictionary(let entries):
      let pairs = entries.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.compactDescription)" }
      return "{" + pairs.joined(separator: ",") + "}"
    }
  }
}
