import Foundation
import SuanliAPI

@testable import SuanliCLI

/// Fixed jobs for golden output, and golden-file comparison.
enum JobsFixtures {
  /// 2026-11-29T14:00:00Z.
  static let now: Int64 = 1_795_960_800

  static func job(id: UInt64, state: JobStateName, name: String = "train", user: String = "ada") -> JobInfo {
    JobInfo(
      id: id, name: name, enterprise: "acme", user: user, uid: 1001, state: state, jobClass: "normal",
      command: ["python", "train.py", "--epochs", "10"], workdir: "/home/ada/resnet", cpuMillis: 16_000,
      memoryMib: 65_536, cards: 8, models: ["nvidia-h200"], nodes: 1, selector: [:], walltimeSeconds: 9_000,
      requeue: true, submitTime: now - 3_723, requeues: 0)
  }

  /// A queue with one job of each interesting shape.
  static var queue: [JobInfo] {
    var running = job(id: 40, state: .running)
    running.startTime = now - 3_000
    running.placement = PlacementInfo(
      model: "nvidia-h200", nodes: [.init(node: "gpu-01", cards: [0, 1, 2, 3, 4, 5, 6, 7])])
    running.heldCredits = "200"

    var gang = job(id: 41, state: .starting, name: "llama-sft", user: "bo")
    gang.enterprise = "beta"
    gang.nodes = 2
    gang.jobClass = "urgent"
    gang.startTime = now - 5
    gang.placement = PlacementInfo(
      model: "nvidia-h200",
      nodes: [.init(node: "gpu-02", cards: Array(0..<8)), .init(node: "gpu-03", cards: Array(0..<8))])

    var waiting = job(id: 42, state: .pending)
    waiting.models = ["nvidia-h200", "nvidia-a100"]
    waiting.reason = PendingReasonInfo(
      code: "resources", message: "resources: needs 8×nvidia-h200|nvidia-a100 on one node, largest free block is 6")
    waiting.priority = PriorityInfo(total: 21_250.5, jobClass: 5_000, age: 250.5, fairShare: 10_000, boost: 6_000)

    var element = job(id: 43, state: .pending, name: "sweep")
    element.arrayJobId = 43
    element.arrayIndex = 0
    element.cards = 0
    element.models = []
    element.cpuMillis = 500
    element.jobClass = "low"
    element.submitTime = now - 59
    element.reason = PendingReasonInfo(code: "priority", message: "priority: 1 jobs ahead")
    element.priority = PriorityInfo(total: 1_000.25, jobClass: 0, age: 0.25, fairShare: 1_000, boost: 0)

    var held = job(id: 44, state: .held, name: "eval")
    held.reason = PendingReasonInfo(code: "held", message: "held")
    return [running, gang, waiting, element, held]
  }

  /// An ended job with everything `show` can print.
  static var detailed: JobInfo {
    var ended = job(id: 45, state: .failed, name: "resnet")
    ended.models = ["nvidia-h200", "nvidia-a100"]
    ended.cards = 2
    ended.selector = ["site": "songshanhu", "zone": "b"]
    ended.arrayJobId = 40
    ended.arrayIndex = 5
    ended.startTime = now - 3_600
    ended.endTime = now - 600
    ended.requeues = 1
    ended.exitCode = 3
    ended.env = ["SEED": "7", "CUDA_CACHE_PATH": "/tmp/cuda"]
    ended.command = ["python", "train.py", "--note", "it's fine"]
    ended.placement = PlacementInfo(model: "nvidia-h200", nodes: [.init(node: "gpu-01", cards: [2, 3])])
    ended.chargedCredits = "16.667"
    ended.timeline = [
      TimelineEntry(time: now - 3_723, event: "submitted"),
      TimelineEntry(time: now - 3_650, event: "started", detail: "on gpu-01[2,3]"),
      TimelineEntry(time: now - 3_640, event: "preempted", detail: "by job 50"),
      TimelineEntry(time: now - 3_640, event: "requeued", detail: "preempted"),
      TimelineEntry(time: now - 3_600, event: "started", detail: "on gpu-01[2,3]"),
      TimelineEntry(time: now - 3_590, event: "running", detail: "on gpu-01"),
      TimelineEntry(time: now - 600, event: "failed", detail: "exit code 3"),
    ]
    return ended
  }

  /// A value's JSON exactly as `--json` prints it.
  static func json(_ value: some Encodable) -> String {
    String(decoding: APIJSON.encode(Versioned(value: value), pretty: true), as: UTF8.self)
  }

  static func json<T: Encodable>(_ values: [T], key: String) -> String { json(KeyedList(key: key, values: values)) }

  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden")

  /// The golden file's text; with SUANLI_UPDATE_GOLDEN=1 set, `actual` is written there first.
  static func golden(_ name: String, _ actual: String) throws -> String {
    let url = goldenDirectory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["SUANLI_UPDATE_GOLDEN"] == "1" {
      try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.hasSuffix("\n") ? String(text.dropLast()) : text
  }
}
