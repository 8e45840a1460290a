#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The one JSON configuration of the wire. Keys are snake_case by each type's `CodingKeys`; pretty output (for
/// people) sorts them.
public enum APIJSON {
  public static func encoder(pretty: Bool = false) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
    return encoder
  }

  public static func decoder() -> JSONDecoder {
    JSONDecoder()
  }

  public static func encode(_ value: some Encodable, pretty: Bool = false) -> Data {
    // Encoding our own Codable types with string keys cannot fail.
    (try? encoder(pretty: pretty).encode(value)) ?? Data("{}".utf8)
  }

  public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    try decoder().decode(type, from: data)
  }
}
