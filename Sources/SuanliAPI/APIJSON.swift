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
    // JSON has no infinity (a simulated enterprise using a model its limit does not allow has an infinite
    // use / limit): such values are written as strings rather than failing the whole document.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return encoder
  }

  public static func decoder() -> JSONDecoder {
    JSONDecoder()
  }

  public static func encode(_ value: some Encodable, pretty: Bool = false) -> Data {
    // Encoding our own Codable types with string keys and non-finite numbers as strings cannot fail.
    (try? encoder(pretty: pretty).encode(value)) ?? Data("{}".utf8)
  }

  public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    try decoder().decode(type, from: data)
  }
}
