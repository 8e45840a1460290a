import SuanliAPI
import SuanliAgent
import SuanliConfig
import SuanliJobWrapper
import Testing

struct CapacityParsingTests {
  @Test(arguments: [
    ("NVIDIA H200", "nvidia-h200"),
    ("NVIDIA A100-SXM4-80GB", "nvidia-a100"),
    ("NVIDIA A100-PCIE-40GB", "nvidia-a100"),
    ("NVIDIA H100 80GB HBM3", "nvidia-h100"),
    ("NVIDIA H100 NVL", "nvidia-h100"),
    ("Tesla V100-SXM2-32GB", "nvidia-v100"),
    ("NVIDIA GeForce RTX 4090", "nvidia-rtx-4090"),
    ("NVIDIA L40S", "nvidia-l40s"),
  ])
  func nvidiaNames(name: String, model: String) {
    #expect(ModelName.nvidia(name) == model)
  }

  @Test(arguments: [
    ("Ascend910B3", "ascend-910b"), ("910B3", "ascend-910b"), ("910B", "ascend-910b"), ("310P3", "ascend-310p"),
    ("Ascend 910", "ascend-910"),
  ])
  func ascendNames(name: String, model: String) {
    #expect(ModelName.ascend(name) == model)
  }

  @Test func nvidiaSMICSV() {
    let csv = """
      0, NVIDIA H200, 143771 MiB, GPU-5a6b7c8d-0000-1111-2222-333344445555
      1, NVIDIA H200, 143771 MiB, GPU-5a6b7c8d-0000-1111-2222-333344445556

      """
    #expect(
      Accelerators.nvidia(csv: csv) == [
        DiscoveredCard(index: 0, model: "nvidia-h200", memoryMiB: 143_771),
        DiscoveredCard(index: 1, model: "nvidia-h200", memoryMiB: 143_771),
      ])
    #expect(Accelerators.nvidia(csv: "No devices were found\n").isEmpty)
  }

  @Test func npuSMIInfo() {
    let info = """
      +------------------------------------------------------------------------------------------------+
      | npu-smi 23.0.rc2                 Version: 23.0.rc2                                             |
      +---------------------------+---------------+----------------------------------------------------+
      | NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
      | Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |
      +===========================+===============+====================================================+
      | 0     910B3               | OK            | 93.6        40                0    / 0             |
      | 0                         | 0000:C1:00.0  | 0           0    / 0          3161 / 65536         |
      +===========================+===============+====================================================+
      | 1     910B3               | OK            | 89.2        41                0    / 0             |
      | 0                         | 0000:C2:00.0  | 0           0    / 0          3160 / 65536         |
      +===========================+===============+====================================================+
      | No running processes found in NPU 0                                                            |
      +===========================+===============+====================================================+
      """
    #expect(
      Accelerators.ascend(npuSMIInfo: info) == [
        DiscoveredCard(index: 0, model: "ascend-910b"), DiscoveredCard(index: 1, model: "ascend-910b"),
      ])
  }

  @Test func cpusFromAffinityAndCgroup() {
    #expect(CPUCapacity.count(cpuList: "0-3,8,10-11\n") == 7)
    #expect(CPUCapacity.count(cpuList: "0") == 1)
    #expect(CPUCapacity.count(cpuList: "3-1") == nil)
    #expect(CPUCapacity.allowedList(procStatus: "Name:\tx\nCpus_allowed:\tf\nCpus_allowed_list:\t0-3\n") == "0-3")
    #expect(CPUCapacity.millicores(cpuMax: "max 100000\n") == nil)
    #expect(CPUCapacity.millicores(cpuMax: "250000 100000\n") == 2_500)
    #expect(CPUCapacity.millicores(allowedCPUs: 8, cgroupQuotas: [2_500, 4_000]) == 2_500)
    #expect(CPUCapacity.millicores(allowedCPUs: 2, cgroupQuotas: [4_000]) == 2_000)
  }

  @Test func memoryFromMeminfoAndCgroup() {
    let meminfo = "MemTotal:       16318412 kB\nMemFree:         1234 kB\n"
    #expect(MemoryCapacity.totalMiB(meminfo: meminfo) == 15_935)
    #expect(MemoryCapacity.limitMiB(memoryMax: "max\n") == nil)
    #expect(MemoryCapacity.limitMiB(memoryMax: "8589934592\n") == 8_192)
  }

  @Test func configurationOverridesDiscoveryAndReservesForTheSystem() throws {
    let discovered = NodeCapacity(
      cpuMillis: 8_000, memoryMiB: 16_000,
      cards: [DiscoveredCard(index: 0, model: "nvidia-a100"), DiscoveredCard(index: 1, model: "nvidia-a100")])
    #expect(discovered == NodeCapacity(cpuMillis: 8_000, memoryMiB: 16_000, model: "nvidia-a100", cards: 2))
    var config = AgentConfig(node: "n", isRoot: true)
    config.capacity = .init(model: "nvidia-h200", cards: 4)
    config.reservedCPUMillis = 1_000
    config.reservedMemoryMiB = 2_000
    #expect(
      discovered.applying(config) == NodeCapacity(cpuMillis: 7_000, memoryMiB: 14_000, model: "nvidia-h200", cards: 4))
    config.capacity = .init(cards: 0)
    #expect(discovered.applying(config).model == nil)
  }

  @Test func environmentNamesTheAssignedCards() {
    let assignment = Assignment(
      jobId: 42, name: "train", uid: 1000, gid: 1000, user: "alice", command: ["python"], env: ["A": "1"],
      workdir: "/home/alice", cpuMillis: 1000, memoryMib: 1024, model: "ascend-910b", cards: [2, 5],
      nodelist: ["n1", "n2"], walltimeSeconds: 60, arrayIndex: 7, startTime: 0)
    let env = JobEnvironment.variables(for: assignment, node: "n2")
    #expect(env["ASCEND_RT_VISIBLE_DEVICES"] == "2,5")
    #expect(env["CUDA_VISIBLE_DEVICES"] == nil)
    #expect(env["SUANLI_JOB_ID"] == "42")
    #expect(env["SUANLI_NODE"] == "n2")
    #expect(env["SUANLI_NODELIST"] == "n1,n2")
    #expect(env["SUANLI_ARRAY_INDEX"] == "7")
    #expect(env["A"] == "1")
    #expect(JobEnvironment.deviceVariable(model: "nvidia-h200") == "CUDA_VISIBLE_DEVICES")
  }
}

struct JobStatusFileTests {
  @Test(arguments: [
    JobOutcome.exited(0), .exited(3), .signaled(15), .notStarted("cannot run x: No such file"),
    .outOfMemory(limitMiB: 512),
  ])
  func roundTrip(outcome: JobOutcome) {
    #expect(JobStatusFile.outcome(JobStatusFile.line(for: outcome)) == outcome)
  }

  @Test func emptyOrGarbledIsUnknown() {
    #expect(JobStatusFile.outcome("") == nil)
    #expect(JobStatusFile.outcome("exited") == nil)
    #expect(JobStatusFile.outcome("stopped 3") == nil)
  }

  @Test func reportsSayHowAJobEnded() {
    #expect(JobOutcome.exited(0).report(node: "n", stoppedForWalltime: false).state == "succeeded")
    #expect(JobOutcome.exited(2).report(node: "n", stoppedForWalltime: false).exitCode == 2)
    #expect(JobOutcome.signaled(9).report(node: "n", stoppedForWalltime: false).signal == 9)
    #expect(JobOutcome.signaled(9).report(node: "n", stoppedForWalltime: true).state == "timeout")
  }
}
