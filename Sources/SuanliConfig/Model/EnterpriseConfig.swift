public import SuanliCore

/// One `[[enterprise]]`: the core's quota, weight and budget, plus what only the daemon needs (display name,
/// who belongs to it).
public struct EnterpriseConfig: Sendable, Hashable {
  /// Id, guaranteed quota, limit, fair-share weight, boost and opening credits (`budget`).
  public var spec: EnterpriseSpec
  /// Display name; the id when not given.
  public var name: String
  /// Who may submit jobs for this enterprise.
  public var members: [Member]

  public init(spec: EnterpriseSpec, name: String? = nil, members: [Member] = []) {
    self.spec = spec
    self.name = name ?? spec.id
    self.members = members
  }

  /// The enterprise's id (`spec.id`).
  public var id: String { spec.id }
}

/// A member of an enterprise, written `"alice"` (a Unix user), `"@research"` (every member of a Unix group) or
/// `"*"` (every user).
public enum Member: Sendable, Hashable, CustomStringConvertible {
  case user(String)
  case group(String)
  case everyone

  /// Reads the configuration file's notation: `"*"`, `"@group"` or `"user"`.
  public init(_ text: String) {
    if text == "*" {
      self = .everyone
    } else if text.hasPrefix("@") {
      self = .group(String(text.dropFirst()))
    } else {
      self = .user(text)
    }
  }

  /// The configuration file's notation.
  public var description: String {
    switch self {
    case .user(let name): name
    case .group(let name): "@" + name
    case .everyone: "*"
    }
  }
}
