/// The API's version: the path prefix of every endpoint and the `schema` of JSON documents.
public enum APIVersion {
  /// Every endpoint lives under this prefix.
  public static let prefix = "/v1"
  /// Version of the JSON documents; bumped when a field changes meaning or disappears.
  public static let schema = 1
  /// Version of the daemon and tools, reported by `suanli version` and `GET /v1/info`.
  public static let release = "0.3.0"
}
