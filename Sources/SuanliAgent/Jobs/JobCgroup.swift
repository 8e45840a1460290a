public import SuanliJobWrapper

#if canImport(Glibc)
  import Glibc
#endif

/// Where the agent confines jobs it runs as plain children (`launch = "process"`): a cgroup per job,
/// `suanli/<node>/job-<id>`, in cgroup v2's unified tree (at its root) or in cgroup v1's memory and cpu trees
/// (under the agent's own cgroup there, so that a limit on the agent's container still holds for its jobs).
public struct CgroupLayout: Sendable, Hashable {
  /// A controller tree and the directory under it that holds this node's job cgroups.
  public struct Tree: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
      /// cgroup v2: `memory.max`, `cpu.max`, `memory.events`.
      case unified
      /// cgroup v1 memory controller: `memory.limit_in_bytes`, `memory.oom_control`.
      case memory
      /// cgroup v1 cpu controller: `cpu.cfs_period_us`, `cpu.cfs_quota_us`.
      case cpu
    }
    public var kind: Kind
    public var parent: String

    public init(kind: Kind, parent: String) {
      self.kind = kind
      self.parent = parent
    }
  }

  public var trees: [Tree]

  /// The layout of this machine for `node`, or nil when there are no usable memory and cpu controllers.
  /// `own`: where the agent itself sits.
  public static func detect(node: String, mount: String = "/sys/fs/cgroup", own: OwnCgroups) -> CgroupLayout? {
    let leaf = "suanli/" + node.replacing("/", with: "_")
    if let controllers = TextReader.contents(mount + "/cgroup.controllers") {
      let names = controllers.split(whereSeparator: \.isWhitespace)
      guard names.contains("memory"), names.contains("cpu") else { return nil }
      return CgroupLayout(trees: [Tree(kind: .unified, parent: mount + "/" + leaf)])
    }
    var trees: [Tree] = []
    for (kind, controller, probe) in [
      (Tree.Kind.memory, "memory", "memory.limit_in_bytes"), (.cpu, "cpu", "cpu.cfs_quota_us"),
    ] {
      let base = own.directory(controller: controller, mount: mount) ?? mount + "/" + controller
      guard access(base + "/" + probe, F_OK) == 0 else { return nil }
      trees.append(Tree(kind: kind, parent: base + "/" + leaf))
    }
    return CgroupLayout(trees: trees)
  }

  /// This machine's layout for `node`, from `/proc/self/cgroup`.
  public static func detect(node: String) -> CgroupLayout? {
    detect(node: node, own: .current())
  }

  /// The cgroup called `name` under this node's parents (it may not exist).
  public func cgroup(named name: String) -> JobCgroup {
    JobCgroup(name: name, directories: trees.map { JobCgroup.Directory(kind: $0.kind, path: $0.parent + "/" + name) })
  }

  /// Makes this node's parent cgroups (`suanli/<node>`), so that jobs' cgroups can be made in them.
  public func prepare() throws(AgentError) {
    for tree in trees { try Self.makeParents(of: tree) }
  }

  /// Creates a new cgroup for job `id` with `limits`: `job-<id>`, or `job-<id>.1`, `.2`… when that name exists
  /// (another agent's job of the same number — test daemons, a node renamed — or one left by a crash). A name is
  /// taken by creating it (`mkdir` is atomic), never by removing someone else's.
  public func create(job id: UInt64, limits: ResourceLimits) throws(AgentError) -> JobCgroup {
    try prepare()
    for attempt in 0..<100 {
      let cgroup = cgroup(named: attempt == 0 ? "job-\(id)" : "job-\(id).\(attempt)")
      var made: [String] = []
      var taken = false
      for directory in cgroup.directories {
        if mkdir(directory.path, 0o755) == 0 {
          made.append(directory.path)
        } else if errno == EEXIST {
          taken = true
          break
        } else {
          let error = AgentError.system("cannot create the cgroup \(directory.path)")
          for path in made { rmdir(path) }
          throw error
        }
      }
      if taken {
        for path in made { rmdir(path) }
        continue
      }
      for directory in cgroup.directories {
        for (file, value) in directory.settings(for: limits) {
          try Self.write(value, to: directory.path + "/" + file)
        }
      }
      return cgroup
    }
    throw AgentError.message("cannot find a free cgroup name for job \(id) under \(trees[0].parent)")
  }

  /// `suanli/` and `suanli/<node>/` under the tree's root, with the memory and cpu controllers passed down to
  /// children in cgroup v2.
  private static func makeParents(of tree: Tree) throws(AgentError) {
    let components = tree.parent.split(separator: "/")
    let root = "/" + components.dropLast(2).joined(separator: "/")
    var path = root
    for component in components.suffix(2) {
      if tree.kind == .unified { try write("+memory +cpu", to: path + "/cgroup.subtree_control") }
      path += "/" + component
      guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw AgentError.system("cannot create \(path)") }
    }
    if tree.kind == .unified { try write("+memory +cpu", to: path + "/cgroup.subtree_control") }
  }

  static func write(_ value: String, to path: String) throws(AgentError) {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw AgentError.system("cannot open \(path)") }
    defer { close(descriptor) }
    let bytes = Array(value.utf8)
    guard bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
      throw AgentError.system("cannot write \(value) to \(path)")
    }
  }
}

/// One job's cgroup: a directory per controller tree.
public struct JobCgroup: Sendable, Hashable {
  public struct Directory: Sendable, Hashable {
    public var kind: CgroupLayout.Tree.Kind
    public var path: String

    /// The files and values that apply `limits` here.
    func settings(for limits: ResourceLimits) -> [(String, String)] {
      switch kind {
      case .unified:
        (limits.memoryBytes.map { [("memory.max", "\($0)")] } ?? [])
          + (limits.cpuQuotaMicros.map { [("cpu.max", "\($0) \(ResourceLimits.periodMicros)")] } ?? [])
      case .memory: limits.memoryBytes.map { [("memory.limit_in_bytes", "\($0)")] } ?? []
      case .cpu:
        limits.cpuQuotaMicros.map {
          [("cpu.cfs_period_us", "\(ResourceLimits.periodMicros)"), ("cpu.cfs_quota_us", "\($0)")]
        } ?? []
      }
    }
  }

  /// Its name under the node's parent cgroups (`job-42`).
  public var name: String
  public var directories: [Directory]

  /// The files a process writes its pid to, to join the cgroup (the job wrapper does it before it runs the job).
  public var procsFiles: [String] { directories.map { $0.path + "/cgroup.procs" } }

  /// The directory of the job's memory cgroup (v2: its only one).
  public var memoryDirectory: String? { directories.first { $0.kind != .cpu }?.path }

  /// SIGKILL to every process still in the cgroup, including those that left the job's process group.
  public func killAll() {
    for directory in directories {
      guard let text = TextReader.contents(directory.path + "/cgroup.procs") else { continue }
      for pid in text.split(separator: "\n").compactMap({ Int32($0) }) where pid > 1 { kill(pid, SIGKILL) }
    }
  }

  /// Removes the cgroup once its last processes are gone (they were just killed: tries for about a second,
  /// without holding a thread).
  public func remove() async {
    for directory in directories {
      for _ in 0..<50 {
        if rmdir(directory.path) == 0 || errno == ENOENT { break }
        try? await Task.sleep(for: .milliseconds(20))
      }
    }
  }
}
