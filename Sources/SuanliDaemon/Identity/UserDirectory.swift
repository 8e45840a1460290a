internal import Glibc

/// Unix user and group lookups (NSS: /etc/passwd, /etc/group, or whatever the system is configured with).
enum UserDirectory {
  /// The user name of a uid, or the uid as a string when it has no entry.
  static func userName(of uid: UInt32) -> String {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, let found = result else { return "\(uid)" }
    return String(cString: found.pointee.pw_name)
  }

  /// The uid of a user name.
  static func uid(of name: String) -> UInt32? {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, let found = result else { return nil }
    return found.pointee.pw_uid
  }

  /// The gid of a group name.
  static func gid(of group: String) -> UInt32? {
    var entry = GroupEntry()
    var result: UnsafeMutablePointer<GroupEntry>?
    var buffer = [CChar](repeating: 0, count: 16384)
    guard getgrnam_r(group, &entry, &buffer, buffer.count, &result) == 0, let found = result else { return nil }
    return found.pointee.gr_gid
  }

  /// Every group of a user: its primary group and its supplementary groups.
  static func groups(of user: String, primary gid: UInt32) -> [UInt32] {
    var count: Int32 = 64
    var groups = [gid_t](repeating: 0, count: Int(count))
    if getgrouplist(user, gid, &groups, &count) == -1 {
      groups = [gid_t](repeating: 0, count: Int(count))
      guard getgrouplist(user, gid, &groups, &count) != -1 else { return [gid] }
    }
    return Array(groups.prefix(Int(count)))
  }
}

typealias GroupEntry = Glibc.group
