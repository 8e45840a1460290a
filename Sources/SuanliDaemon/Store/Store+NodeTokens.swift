internal import Foundation
internal import GRDB

/// A node's token as stored: its SHA-256, never the token.
struct NodeTokenRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "node_token"

  var node: String
  var sha256: Data
  var created: Int64
}

/// Remote agents' tokens, written at once (they are rare and independent of the scheduler's batches).
extension Store {
  func nodeTokens() throws -> [NodeTokenRow] {
    try pool.read { db in try NodeTokenRow.order(Column("node")).fetchAll(db) }
  }

  /// Creates or replaces a node's token. Synchronous: the engine's view changes only once this is durable, with
  /// no other request in between.
  func save(_ token: NodeTokenRow) throws {
    try pool.write { db in try token.save(db) }
  }

  /// Deletes a node's token; false when it had none.
  func deleteNodeToken(of node: String) throws -> Bool {
    try pool.write { db in try NodeTokenRow.deleteOne(db, key: node) }
  }
}
