import SuanliJobWrapper
import Subprocess

#if canImport(Glibc)
  import Glibc
#endif

/// Reads the machine's capacity: `/proc`, the cgroup v2 hierarchy, `nvidia-smi` and `npu-smi` when installed.
public enum CapacityDiscovery {
  /// Everything discovery finds on this machine (before the configuration's overrides).
  public static func discover() async -> NodeCapacity {
    let allowed =
      TextReader.contents("/proc/self/status").flatMap(CPUCapacity.allowedList(procStatus:))
      .flatMap(CPUCapacity.count(cpuList:)) ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    let cgroups = cgroupDirectories()
    let quotas = cgroups.compactMap { TextReader.contents($0 + "/cpu.max").flatMap(CPUCapacity.millicores(cpuMax:)) }
    let cpu = CPUCapacity.millicores(allowedCPUs: allowed, cgroupQuotas: quotas)
    let total = TextReader.contents("/proc/meminfo").flatMap(MemoryCapacity.totalMiB(meminfo:)) ?? 0
    let limits = cgroups.compactMap {
      TextReader.contents($0 + "/memory.max").flatMap(MemoryCapacity.limitMiB(memoryMax:))
    }
    let memory = ([total] + limits).min() ?? total
    var cards =
      await Tool.output(of: "nvidia-smi", Accelerators.nvidiaSMIArguments).map(Accelerators.nvidia(csv:)) ?? []
    if cards.isEmpty {
      cards = await Tool.output(of: "npu-smi", ["info"]).map(Accelerators.ascend(npuSMIInfo:)) ?? []
    }
    return NodeCapacity(cpuMillis: cpu, memoryMiB: memory, cards: cards)
  }

  /// This process's cgroup v2 directory and its parents, innermost first.
  static func cgroupDirectories() -> [String] {
    guard var path = OwnCgroups.current().unified?.trimmingWhitespace() else { return [] }
    var directories: [String] = []
    while true {
      directories.append("/sys/fs/cgroup" + (path == "/" ? "" : path))
      guard path != "/", let slash = path.lastIndex(of: "/") else { break }
      path = slash == path.startIndex ? "/" : String(path[..<slash])
    }
    return directories
  }
}
