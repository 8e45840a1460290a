import Foundation
import SuanliAPI
import SuanliAgent
import SuanliConfig
import SuanliJobWrapper
import Testing

/// The values a job's memory and CPU request become, for cgroups, systemd and rlimits; where cgroups are found.
struct JobLimitsTests {
  @Test func aRequestBecomesKernelAndSystemdLimits() {
    let limits = ResourceLimits(memoryMiB: 512, cpuMillis: 2500, usesCards: false)
    #expect(limits.memoryBytes == 536_870_912)
    #expect(limits.cpuQuotaMicros == 250_000)
    #expect(limits.cpuQuotaPercent == "250%")
    #expect(limits.unitProperties == ["MemoryMax=536870912", "CPUQuota=250%"])
    #expect(limits.addressSpaceBytes == 536_870_912)
    let tiny = ResourceLimits(memoryMiB: 0, cpuMillis: 1, usesCards: true)
    #expect(tiny.memoryBytes == nil)
    #expect(tiny.cpuQuotaMicros == 1000, "the kernel's minimum quota")
    #expect(tiny.cpuQuotaPercent == "1%")
    #expect(tiny.unitProperties == ["CPUQuota=1%"])
    #expect(ResourceLimits(memoryMiB: 64, cpuMillis: 1000, usesCards: true).addressSpaceBytes == nil)
  }

  @Test func aTransientUnitIsNamedAfterTheRunAndCarriesItsLimitsAndEnvironmentFile() {
    let job = Assignment(
      jobId: 42, name: "train", uid: 1000, gid: 1000, user: "alice", command: ["python3", "train.py"],
      env: ["HF_TOKEN": "hf_s3cr3t", "DB_URL": "postgres://u:pa ss@db/x"], workdir: "/home/alice", cpuMillis: 4000,
      memoryMib: 1024, model: "nvidia-h200", cards: [0, 1], nodelist: ["n1"], walltimeSeconds: 3600, arrayIndex: nil,
      startTime: 1_700_000_000)
    let unit = TransientUnit(job)
    #expect(unit.name == "suanli-job-42-1700000000.service")
    let arguments = unit.runArguments(
      job: job, environmentFile: "/var/lib/suanli-agent/jobs/42.env", limits: ResourceLimits(job),
      logPath: "/var/lib/suanli-agent/logs/42.log", stopGraceSeconds: 10,
      command: ["/usr/bin/suanli-run-job", "--status", "s", "--", "/usr/bin/python3", "train.py"])
    #expect(arguments.first == "--unit=suanli-job-42-1700000000.service")
    #expect(arguments.contains("--service-type=exec") && arguments.contains("--collect"))
    #expect(arguments.contains("--property=MemoryMax=1073741824"))
    #expect(arguments.contains("--property=CPUQuota=400%"))
    #expect(arguments.contains("--property=StandardOutput=append:/var/lib/suanli-agent/logs/42.log"))
    #expect(arguments.contains("--property=TimeoutStopSec=10s"))
    #expect(arguments.contains("--property=EnvironmentFile=/var/lib/suanli-agent/jobs/42.env"))
    let separator = arguments.firstIndex(of: "--")
    #expect(separator.map { arguments[$0 + 1] } == "/usr/bin/suanli-run-job")
  }

  /// Every local user reads command lines (`ps`, `/proc/*/cmdline`) and units' properties (`systemctl show`).
  @Test func noValueOfTheEnvironmentIsOnSystemdRunsCommandLine() {
    let secrets = ["HF_TOKEN": "hf_s3cr3t", "DB_URL": "postgres://u:pa ss@db/x", "CUDA_VISIBLE_DEVICES": "0,1"]
    let job = Assignment(
      jobId: 7, name: "train", uid: 1000, gid: 1000, user: "alice", command: ["python3"], env: secrets,
      workdir: "/home/alice", cpuMillis: 1000, memoryMib: 64, model: "nvidia-h200", cards: [0, 1], nodelist: [],
      walltimeSeconds: 60, arrayIndex: nil, startTime: 5)
    let environment = JobEnvironment.variables(for: job, node: "n1")
    let arguments = TransientUnit(job).runArguments(
      job: job, environmentFile: "/s/jobs/7.env", limits: ResourceLimits(job), logPath: "/s/logs/7.log",
      stopGraceSeconds: 10, command: ["/usr/bin/suanli-run-job", "--", "/usr/bin/python3"])
    #expect(!arguments.contains { $0.hasPrefix("--setenv") || $0.hasPrefix("-E") || $0.contains("Environment=") })
    for (name, value) in environment where ["HF_TOKEN", "DB_URL", "CUDA_VISIBLE_DEVICES", "PATH"].contains(name) {
      #expect(!arguments.contains { $0.contains(value) }, "\(name)'s value is on the command line: \(arguments)")
    }
  }

  @Test func eachRunOfAJobHasAUnitOfItsOwn() {
    var job = Assignment(
      jobId: 42, name: "train", uid: 1000, gid: 1000, user: "alice", command: ["python3"], env: [:],
      workdir: "/home/alice", cpuMillis: 1000, memoryMib: 64, model: nil, cards: [], nodelist: [],
      walltimeSeconds: 60, arrayIndex: nil, startTime: 1_700_000_000)
    let first = TransientUnit(job)
    job.startTime += 1  // requeued and started here again
    let second = TransientUnit(job)
    #expect(first != second)
    // `systemctl status 'suanli-job-42-*'` finds every run of job 42, and only of job 42.
    for unit in [first, second] {
      #expect(unit.name.hasPrefix("suanli-job-42-") && unit.name.hasSuffix(".service"))
    }
    job.jobId = 420
    #expect(!TransientUnit(job).name.hasPrefix("suanli-job-42-"))
  }

  @Test func cgroupV2IsFoundAtTheRootWhenItHasMemoryAndCPU() throws {
    let mount = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: mount) }
    try "cpuset cpu io memory pids\n".write(toFile: mount + "/cgroup.controllers", atomically: true, encoding: .utf8)
    let layout = try #require(CgroupLayout.detect(node: "gpu-1", mount: mount, own: OwnCgroups("0::/agent.scope\n")))
    #expect(layout.trees == [.init(kind: .unified, parent: mount + "/suanli/gpu-1")])
    try "cpu pids\n".write(toFile: mount + "/cgroup.controllers", atomically: true, encoding: .utf8)
    #expect(CgroupLayout.detect(node: "gpu-1", mount: mount, own: OwnCgroups("0::/\n")) == nil)
  }

  @Test func cgroupV1TreesAreUnderTheAgentsOwnCgroups() throws {
    let mount = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: mount) }
    for (directory, file) in [("memory/ctr/7", "memory.limit_in_bytes"), ("cpu", "cpu.cfs_quota_us")] {
      try FileManager.default.createDirectory(atPath: mount + "/" + directory, withIntermediateDirectories: true)
      try "0\n".write(toFile: mount + "/\(directory)/\(file)", atomically: true, encoding: .utf8)
    }
    let own = OwnCgroups("9:name=systemd:/\n4:memory:/ctr/7\n1:cpu,cpuacct:/\n0::/\n")
    let layout = try #require(CgroupLayout.detect(node: "n1", mount: mount, own: own))
    #expect(
      layout.trees == [
        .init(kind: .memory, parent: mount + "/memory/ctr/7/suanli/n1"),
        .init(kind: .cpu, parent: mount + "/cpu/suanli/n1"),
      ])
    #expect(CgroupLayout.detect(node: "n1", mount: mount + "/none", own: own) == nil)
  }

  @Test func theWrapperFindsItsMemoryCgroupAndItsOutOfMemoryKills() throws {
    let v1 = "9:name=systemd:/\n4:memory:/ctr/7/suanli/n1/job-3\n1:cpu,cpuacct:/\n0::/\n"
    #expect(CgroupMemory.directory(of: OwnCgroups(v1), mount: "/m") == "/m/memory/ctr/7/suanli/n1/job-3")
    #expect(
      CgroupMemory.directory(of: OwnCgroups("0::/system.slice/suanli-job-3.service\n"), mount: "/m")
        == "/m/system.slice/suanli-job-3.service")
    let v2 = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: v2) }
    try "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n".write(
      toFile: v2 + "/memory.events", atomically: true, encoding: .utf8)
    try "33554432\n".write(toFile: v2 + "/memory.max", atomically: true, encoding: .utf8)
    #expect(CgroupMemory.outOfMemoryKills(in: v2) == 1 && CgroupMemory.limitMiB(in: v2) == 32)
    let v1Directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: v1Directory) }
    try "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n".write(
      toFile: v1Directory + "/memory.oom_control", atomically: true, encoding: .utf8)
    try "9223372036854771712\n".write(
      toFile: v1Directory + "/memory.limit_in_bytes", atomically: true, encoding: .utf8)
    #expect(CgroupMemory.outOfMemoryKills(in: v1Directory) == 2)
    #expect(CgroupMemory.limitMiB(in: v1Directory) == nil, "no limit")
    #expect(CgroupMemory.outOfMemoryKills(in: v1Directory + "/missing") == 0)
  }

  @Test func launchIsReadAndCheckedInAgentToml() throws {
    #expect(try AgentConfig.parse("", source: "x", isRoot: true).launch == .auto)
    #expect(try AgentConfig.parse("[jobs]\nlaunch = \"systemd\"", source: "x", isRoot: true).launch == .systemd)
    #expect(try AgentConfig.parse("[jobs]\nlaunch = \"process\"", source: "x", isRoot: true).launch == .process)
    #expect {
      try AgentConfig.parse("[jobs]\nlaunch = \"docker\"", source: "agent.toml", isRoot: true)
    } throws: { error in
      let text = "\(error)"
      return text.contains("jobs.launch") && text.contains("\"systemd\"") && text.contains("docker")
    }
  }

  private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("suanli-cgroup-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
