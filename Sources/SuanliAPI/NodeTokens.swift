#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// `POST /v1/nodes/{name}/token` (operators): a node's new token, shown this once. The daemon keeps only its
/// SHA-256; creating a token again replaces the old one. The node's agent sends it as `Authorization: Bearer`
/// on the daemon's TLS port (`[agents]` in suanlid.toml).
public struct NodeToken: Codable, Sendable, Hashable {
  public var node: String
  /// `suanli_` and 43 base64url characters (32 random bytes).
  public var token: String
  /// Unix seconds.
  public var created: Int64

  public init(node: String, token: String, created: Int64) {
    self.node = node
    self.token = token
    self.created = created
  }
}

/// `DELETE /v1/nodes/{name}/token` (operators): the node's token no longer works.
public struct NodeTokenRevocation: Codable, Sendable, Hashable {
  public var node: String
  /// False when the node had no token.
  public var revoked: Bool

  public init(node: String, revoked: Bool) {
    self.node = node
    self.revoked = revoked
  }
}

/// What a node token looks like: `suanli_` (so that one found in a file or a log is recognisable) and 43 base64url
/// characters without padding (32 random bytes). The daemon makes them; the agent's configuration reader refuses
/// a token file that holds anything else (it was not printed by suanlid, and might not be sendable in a header).
extension NodeToken {
  /// Every token starts with this.
  public static let prefix = "suanli_"

  /// The form, for messages.
  public static let form = "suanli_ and letters, digits, - or _"

  /// The token of `secret` (its random bytes): the prefix, then the bytes in base64url without padding.
  public static func token(secret: [UInt8]) -> String {
    let base64 = Data(secret).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_")
      .replacing("=", with: "")
    return prefix + base64
  }

  /// Whether `text` has the form of a token: the prefix, then only base64url characters.
  public static func isWellFormed(_ text: String) -> Bool {
    text.hasPrefix(prefix)
      && text.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
      }
  }
}
