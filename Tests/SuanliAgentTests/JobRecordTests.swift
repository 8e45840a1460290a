import Foundation
import SuanliAgent
import Testing

/// The job records an agent keeps in its state directory, read back by a restarted (or upgraded) agent.
struct JobRecordTests {
  @Test func aRecordIsReadBackAsSaved() throws {
    let state = StateDirectory(path: NSTemporaryDirectory() + "suanli-records-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(atPath: state.path) }
    try state.create()
    let record = JobRecord(
      jobId: 7, pid: 4242, startTicks: 99, startTime: 1_700_000_000, walltimeSeconds: 3_600,
      logPath: state.logPath(job: 7), unit: "suanli-job-7-1700000000.service")
    try state.save(record)
    #expect(state.records() == [record])
  }

  @Test func aRecordFromAnOlderAgentWithItsProcessGroupIsStillRead() throws {
    let older = #"""
      {"job_id": 3, "pid": 100, "pgid": 100, "start_ticks": 5, "start_time": 1700000000, "walltime_seconds": 60,
       "log_path": "/var/lib/suanli-agent/logs/3.log"}
      """#
    let record = try JSONDecoder().decode(JobRecord.self, from: Data(older.utf8))
    #expect(record.jobId == 3 && record.pid == 100 && record.unit == nil)
  }

  @Test func environmentFilesOfJobsWithoutARecordAreRemovedOthersKept() throws {
    let state = StateDirectory(path: NSTemporaryDirectory() + "suanli-env-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(atPath: state.path) }
    try state.create()
    let names = ["5.env", "6.env", "7.env.tmp", "6.json", "8.status", "notes.env"]
    for name in names { FileManager.default.createFile(atPath: state.jobsPath + "/" + name, contents: Data()) }
    state.removeEnvironmentFiles(except: [6])
    let left = try FileManager.default.contentsOfDirectory(atPath: state.jobsPath).sorted()
    #expect(left == ["6.env", "6.json", "8.status", "notes.env"])
  }
}
