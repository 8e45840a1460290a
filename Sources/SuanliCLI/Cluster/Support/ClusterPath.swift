internal import Foundation

/// Pieces of API targets built from what users type (node names, enterprise ids), escaped for a URL.
enum ClusterPath {
  /// One path segment: `/` and anything outside a path's characters percent-encoded.
  static func segment(_ text: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove("/")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  /// `name=value&…` of the pairs whose value is present, values percent-encoded.
  static func query(_ pairs: [(String, String?)]) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+#")
    return pairs.compactMap { name, value in
      value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
    }.joined(separator: "&")
  }
}
