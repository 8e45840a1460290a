/// Where a process sits in the cgroup hierarchies: the lines of `/proc/<pid>/cgroup`
/// (`4:memory:/a/b` for a cgroup v1 controller, `0::/a/b` for the v2 unified tree).
public struct OwnCgroups: Sendable, Hashable {
  /// The cgroup path of each v1 controller (`memory` → `/a/b`; co-mounted controllers each get the path).
  public var controllers: [String: String] = [:]
  /// The cgroup v2 path, when the process is in the unified tree.
  public var unified: String?

  /// Reads the text of `/proc/<pid>/cgroup`; lines it does not understand are skipped.
  public init(_ text: String) {
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let path = String(fields[2])
      if fields[0] == "0", fields[1].isEmpty { unified = path }
      for controller in fields[1].split(separator: ",") { controllers[String(controller)] = path }
    }
  }

  /// This process's cgroups (none when `/proc/self/cgroup` cannot be read).
  public static func current() -> OwnCgroups { OwnCgroups(TextReader.contents("/proc/self/cgroup") ?? "") }

  /// The directory of the v1 `controller`'s cgroup (`<mount>/<controller>/<path>`), if the process has one.
  public func directory(controller: String, mount: String = "/sys/fs/cgroup") -> String? {
    controllers[controller].map { mount + "/" + controller + Self.suffix($0) }
  }

  /// The directory of the v2 cgroup (`<mount>/<path>`), if the process is in the unified tree.
  public func unifiedDirectory(mount: String = "/sys/fs/cgroup") -> String? {
    unified.map { mount + Self.suffix($0) }
  }

  /// A cgroup path as a suffix of a mount point: the root is the mount point itself.
  private static func suffix(_ path: String) -> String { path == "/" ? "" : path }
}
