internal import Crypto
internal import SuanliAPI
internal import Synchronization

/// The tokens remote agents authenticate with, one per node, held as SHA-256 digests (as in the store).
///
/// A presented token is hashed and compared with every node's digest in constant time, so neither the time taken
/// nor an early exit tells how much of a guess was right.
final class NodeTokens: Sendable {
  private let digests: Mutex<[String: [UInt8]]>

  init(_ rows: [NodeTokenRow]) {
    digests = Mutex(Dictionary(rows.map { ($0.node, Array($0.sha256)) }) { _, last in last })
  }

  /// A new random token (``NodeToken/token(secret:)``) of 32 bytes from the system's secure generator.
  static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    return NodeToken.token(secret: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }

  /// The SHA-256 of a token's UTF-8 bytes.
  static func digest(of token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

  /// The node whose token this is, or nil.
  func node(presenting token: String) -> String? {
    let presented = Self.digest(of: token)
    return digests.withLock { digests in
      var found: String?
      for (node, digest) in digests where Self.constantTimeEqual(digest, presented) { found = node }
      return found
    }
  }

  func set(_ digest: [UInt8], for node: String) { digests.withLock { $0[node] = digest } }

  func remove(_ node: String) { _ = digests.withLock { $0.removeValue(forKey: node) } }

  /// Equal digests, comparing every byte whatever the differences.
  private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
    return difference == 0
  }
}
