import Foundation
import SuanliAPI
import Testing

@testable import SuanliCLI

/// Help, tables and texts compared with reviewed files under Golden/ (regenerate with SUANLI_UPDATE_GOLDEN=1).
@Suite struct JobsGoldenTests {
  @Test func submitHelp() throws {
    let help = SuanliCommand.helpMessage(for: Submit.self, columns: 100)
    #expect(help == (try JobsFixtures.golden("jobs-submit-help.txt", help)))
  }

  @Test func queueHelp() throws {
    let help = SuanliCommand.helpMessage(for: Queue.self, columns: 100)
    #expect(help == (try JobsFixtures.golden("jobs-queue-help.txt", help)))
  }

  @Test func queueTable() throws {
    let table = Queue.table(JobsFixtures.queue, now: JobsFixtures.now, width: nil)
    #expect(table == (try JobsFixtures.golden("jobs-queue-table.txt", table)))
  }

  @Test func queueTableGivesWayInTheReasonColumnOnANarrowTerminal() throws {
    let table = Queue.table(JobsFixtures.queue, now: JobsFixtures.now, width: 100)
    #expect(table.split(separator: "\n").allSatisfy { $0.count <= 100 })
    #expect(table == (try JobsFixtures.golden("jobs-queue-table-100.txt", table)))
  }

  @Test func emptyQueue() {
    #expect(Queue.table([], now: JobsFixtures.now, width: nil) == "No jobs.")
    #expect(Priority.table([]) == "No pending jobs.")
  }

  @Test func queueJSON() throws {
    let json = JobsFixtures.json(JobsFixtures.queue, key: "jobs")
    #expect(json == (try JobsFixtures.golden("jobs-queue.json", json)))
    #expect(json.contains("\"schema\" : "))
  }

  @Test func showText() throws {
    let text = JobDescription.text(JobsFixtures.detailed, now: JobsFixtures.now, timeZone: TimeZone(identifier: "UTC")!)
    #expect(text == (try JobsFixtures.golden("jobs-show.txt", text)))
  }

  @Test func showTextOfAPendingJob() throws {
    let text = JobDescription.text(JobsFixtures.queue[2], now: JobsFixtures.now, timeZone: TimeZone(identifier: "UTC")!)
    #expect(text == (try JobsFixtures.golden("jobs-show-pending.txt", text)))
  }

  @Test func showJSON() throws {
    let json = JobsFixtures.json(JobsFixtures.detailed)
    #expect(json == (try JobsFixtures.golden("jobs-show.json", json)))
  }

  @Test func priorityTable() throws {
    let table = Priority.table(QueueOrder.priority.sorted(JobsFixtures.queue))
    #expect(table == (try JobsFixtures.golden("jobs-priority-table.txt", table)))
  }

  @Test func stateLinesOfWait() {
    let queue = JobsFixtures.queue
    #expect(JobCells.stateLine(queue[2]).hasPrefix("pending (resources: needs 8×"))
    #expect(JobCells.stateLine(queue[1]) == "starting on gpu-02[0,1,2,3,4,5,6,7],gpu-03[0,1,2,3,4,5,6,7]")
    #expect(JobCells.stateLine(queue[0]) == "running")
    #expect(JobCells.stateLine(JobsFixtures.detailed) == "failed (exit 3)")
  }
}
