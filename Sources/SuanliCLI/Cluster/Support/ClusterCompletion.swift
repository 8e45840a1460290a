internal import ArgumentParser
internal import SuanliAPI
internal import SuanliClient

/// Shell completion of names only the daemon knows (node names, enterprise ids), asked of it when the user
/// presses tab; nothing is offered when it cannot be reached.
enum ClusterCompletion {
  static var nodes: CompletionKind {
    .custom { words, _, prefix in
      names(words: words, prefix: prefix) { try $0.call("GET", "/v1/nodes", as: NodeList.self).nodes.map(\.name) }
    }
  }

  static var enterprises: CompletionKind {
    .custom { words, _, prefix in
      names(words: words, prefix: prefix) {
        try $0.call("GET", "/v1/enterprises", as: EnterpriseList.self).enterprises.map(\.id)
      }
    }
  }

  /// The names starting with `prefix`, from the daemon at the `--socket` among `words` (else the default).
  static func names(words: [String], prefix: String, _ fetch: (SuanliClient) throws -> [String]) -> [String] {
    var socket: [String] = []
    if let flag = words.firstIndex(of: "--socket"), flag + 1 < words.count { socket = ["--socket", words[flag + 1]] }
    guard let global = try? GlobalOptions.parse(socket) else { return [] }
    let client = SuanliClient(socketPath: global.socketPath, timeoutSeconds: 2)
    return ((try? fetch(client)) ?? []).filter { $0.hasPrefix(prefix) }
  }
}
