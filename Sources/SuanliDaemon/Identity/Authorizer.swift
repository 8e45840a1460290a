internal import SuanliAPI
internal import SuanliConfig

/// Turns peer credentials into a `Caller`, from the configuration's admin group, agent user and members.
struct Authorizer: Sendable {
  private let adminGID: UInt32?
  private let agentUID: UInt32?
  private let enterprises: [(id: String, users: Set<String>, gids: Set<UInt32>, everyone: Bool)]

  init(config: DaemonConfig) {
    adminGID = config.adminGroup.flatMap(UserDirectory.gid(of:))
    agentUID = config.agentUser.flatMap(UserDirectory.uid(of:))
    enterprises = config.enterprises.map { enterprise in
      var users = Set<String>()
      var gids = Set<UInt32>()
      var everyone = false
      for member in enterprise.members {
        switch member {
        case .user(let name): users.insert(name)
        case .group(let name): if let gid = UserDirectory.gid(of: name) { gids.insert(gid) }
        case .everyone: everyone = true
        }
      }
      return (enterprise.id, users, gids, everyone)
    }
  }

  func caller(uid: UInt32, gid: UInt32) -> Caller {
    let user = UserDirectory.userName(of: uid)
    let groups = Set(UserDirectory.groups(of: user, primary: gid))
    let isOperator = uid == 0 || adminGID.map(groups.contains) == true
    let member = enterprises.filter { entry in
      entry.everyone || entry.users.contains(user) || !entry.gids.isDisjoint(with: groups)
    }
    return Caller(
      uid: uid, gid: gid, user: user, isOperator: isOperator, isAgent: uid == 0 || uid == agentUID,
      enterprises: member.map(\.id))
  }

  /// The enterprise a caller acts for: the one named (it must be a member, or an operator), or its only one.
  static func enterprise(for caller: Caller, named: String?, known: [String]) throws(APIError) -> String {
    if let named {
      guard known.contains(named) else {
        throw APIError(.invalidField, "unknown enterprise '\(named)'", hint: "known: \(known.joined(separator: ", "))")
      }
      guard caller.mayAccess(enterprise: named) else {
        throw APIError(
          .notMember, "user \(caller.user) is not a member of enterprise '\(named)'",
          hint: caller.enterprises.isEmpty
            ? "ask an operator to add you to the enterprise's members in suanlid.toml"
            : "you may act for: \(caller.enterprises.joined(separator: ", "))")
      }
      return named
    }
    switch caller.enterprises.count {
    case 1: return caller.enterprises[0]
    case 0:
      throw APIError(
        .notMember, "user \(caller.user) (uid \(caller.uid)) is not a member of any enterprise",
        hint: "ask an operator to add you to an enterprise's members in suanlid.toml")
    default:
      throw APIError(
        .invalidField,
        "user \(caller.user) is a member of several enterprises: \(caller.enterprises.joined(separator: ", "))",
        hint: "choose one with the enterprise field (suanli submit --enterprise ID)")
    }
  }
}
