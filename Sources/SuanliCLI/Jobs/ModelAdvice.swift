internal import SuanliAPI

/// When a job asks for cards without naming a model, the daemon refuses it: this adds which models exist.
enum ModelAdvice {
  static func explain(_ error: CLIError, with client: CLIClient) -> CLIError {
    guard error.message.hasPrefix("models:") else { return error }
    let models = knownModels(with: client)
    var advised = error
    advised.hint =
      models.isEmpty
      ? "name one with --gpu-model (no node has registered any yet)"
      : "name one with --gpu-model; models on this platform: \(models.joined(separator: ", "))"
    return advised
  }

  /// Models of registered nodes and of the caller's quotas.
  static func knownModels(with client: CLIClient) -> [String] {
    var models = Set<String>()
    if let nodes = try? client.call("GET", "/v1/nodes", as: NodeList.self) {
      models.formUnion(nodes.nodes.compactMap(\.model))
    }
    if let enterprises = try? client.call("GET", "/v1/enterprises", as: EnterpriseList.self) {
      for enterprise in enterprises.enterprises {
        models.formUnion(enterprise.quota.map(\.resource).filter { $0 != "cpu" && $0 != "memory" })
      }
    }
    return models.sorted()
  }
}
