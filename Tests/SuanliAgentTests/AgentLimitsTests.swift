import Foundation
import SuanliAPI
import SuanliAgent
import SuanliClient
import SuanliTestSupport
import Testing

/// Whether this machine lets the agent make cgroups with memory and cpu controllers (root, cgroup v1 or v2).
private let cgroupsUsable: Bool = {
  guard let layout = CgroupLayout.detect(node: "limits-probe") else { return false }
  return (try? layout.prepare()) != nil
}()

/// Jobs run as children (`launch = "process"`) are confined to their memory and CPU request by a cgroup of their own.
@Suite(.serialized, .enabled(if: cgroupsUsable, "needs writable cgroup memory and cpu controllers"))
struct AgentLimitsTests {
  /// Prints the job's memory and CPU limits as the kernel holds them, from its own cgroups (v1 or v2).
  static let printLimits = #"""
    mem=$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup)
    cpu=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/{print $3}' /proc/self/cgroup)
    if [ -n "$mem" ]; then
      echo "dir=/sys/fs/cgroup/memory$mem"
      echo "mem=$(cat /sys/fs/cgroup/memory$mem/memory.limit_in_bytes)"
      echo "cpu=$(cat /sys/fs/cgroup/cpu$cpu/cpu.cfs_quota_us)"
    else
      own=$(awk -F: '$1=="0"{print $3}' /proc/self/cgroup)
      echo "dir=/sys/fs/cgroup$own"
      echo "mem=$(cat /sys/fs/cgroup$own/memory.max)"
      echo "cpu=$(cut -d' ' -f1 /sys/fs/cgroup$own/cpu.max)"
    fi
    """#

  @Test func aJobRunsInItsOwnCgroupWithItsRequestAsLimitsWhichGoesAwayAfterIt() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon, launch: "process")
    try agent.start()
    var submission = JobSubmission(command: ["/bin/sh", "-c", Self.printLimits])
    submission.cards = 1
    submission.models = ["nvidia-h200"]
    submission.memoryMib = 96
    submission.cpuMillis = 1500
    submission.workdir = "/tmp"
    let id = try daemon.client().submit(submission).jobIds[0]
    let info = try daemon.client().waitFor(id, .succeeded)
    #expect(info.state == .succeeded, "\(agent.log)")
    let lines = agent.jobLog(id).split(separator: "\n")
    #expect(lines.contains("mem=\(96 * 1_048_576)"), "\(lines)")
    #expect(lines.contains("cpu=150000"), "\(lines)")
    let directory = try #require(lines.first { $0.hasPrefix("dir=") }).dropFirst(4)
    // `job-ID`, or `job-ID.N` while another test daemon's job ID runs on its own node n1.
    #expect(directory.contains("/suanli/n1/job-\(id)"), "\(directory)")
    try waitUntil("the job's cgroup removed") { !FileManager.default.fileExists(atPath: String(directory)) }
  }

  @Test func aJobOverItsMemoryIsKilledAndToldSo() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon, launch: "process")
    try agent.start()
    var submission = JobSubmission(command: ["dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"])
    submission.cards = 1
    submission.models = ["nvidia-h200"]
    submission.memoryMib = 32
    submission.workdir = "/tmp"
    let id = try daemon.client().submit(submission).jobIds[0]
    let info = try daemon.client().waitFor(id, .failed)
    #expect(info.state == .failed, "\(agent.log)")
    let ending = info.timeline?.last?.detail ?? ""
    #expect(ending.contains("out of memory") && ending.contains("32 MiB"), "\(info.timeline ?? [])")
  }
}
