/// The journal field that holds a metadata key's value.
public enum JournalFieldName {
  /// journald drops fields whose names are longer than this.
  public static let maximumLength = 64

  /// The documented field for a key of ``LogKey``; otherwise `SUANLI_` followed by the key with ASCII letters in upper
  /// case and every other character outside `A-Z0-9` replaced by `_` (`gpu.model` → `SUANLI_GPU_MODEL`), cut to
  /// ``maximumLength`` characters.
  public static func forMetadataKey(_ key: String) -> String {
    if let field = documented[key] { return field }
    let body = key.map { character -> Character in
      guard let ascii = character.asciiValue else { return "_" }
      switch ascii {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return character
      case UInt8(ascii: "a")...UInt8(ascii: "z"): return Character(Unicode.Scalar(ascii - 32))
      default: return "_"
      }
    }
    return String(("SUANLI_" + String(body)).prefix(maximumLength))
  }

  private static let documented = [String: String](
    uniqueKeysWithValues: LogKey.journalFields.map { ($0.key, $0.field) }
  )
}
