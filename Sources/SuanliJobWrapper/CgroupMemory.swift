/// What a memory cgroup says about out-of-memory kills: the job wrapper asks it of its own cgroup (the job's, as a
/// transient unit or a cgroup the agent made) when its command was killed, so that the ending says why.
public enum CgroupMemory {
  /// A process's memory cgroup directory: the v1 memory controller's, else the v2 unified one's, under `mount`.
  public static func directory(of cgroups: OwnCgroups, mount: String = "/sys/fs/cgroup") -> String? {
    cgroups.directory(controller: "memory", mount: mount) ?? cgroups.unifiedDirectory(mount: mount)
  }

  /// How many processes the kernel killed in the cgroup at `directory` for going over its limit (v2
  /// `memory.events`, v1 `memory.oom_control`); 0 when it cannot tell.
  public static func outOfMemoryKills(in directory: String) -> Int {
    for file in ["memory.events", "memory.oom_control"] {
      guard let text = TextReader.contents(directory + "/" + file) else { continue }
      for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
        return Int(line.dropFirst("oom_kill ".count)) ?? 0
      }
    }
    return 0
  }

  /// The cgroup's memory limit in MiB (v2 `memory.max`, v1 `memory.limit_in_bytes`); nil when unlimited or unknown.
  public static func limitMiB(in directory: String) -> Int? {
    for file in ["memory.max", "memory.limit_in_bytes"] {
      guard let text = TextReader.contents(directory + "/" + file),
        let bytes = UInt64(text.filter { !$0.isWhitespace }), bytes < 1 << 60
      else { continue }
      return Int(bytes / 1_048_576)
    }
    return nil
  }
}
