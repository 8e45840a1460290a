import SystemdKit
import Testing

@Suite struct JournalFieldNameTests {
  @Test(arguments: [
    (LogKey.jobID, "SUANLI_JOB_ID"),
    (LogKey.enterprise, "SUANLI_ENTERPRISE"),
    (LogKey.user, "SUANLI_USER"),
    (LogKey.node, "SUANLI_NODE"),
    (LogKey.event, "SUANLI_EVENT"),
    (LogKey.messageID, "MESSAGE_ID"),
    ("gpu.model", "SUANLI_GPU_MODEL"),
    ("queueDepth", "SUANLI_QUEUEDEPTH"),
    ("hold-credits 2", "SUANLI_HOLD_CREDITS_2"),
    ("ALREADY_UPPER9", "SUANLI_ALREADY_UPPER9"),
    ("café", "SUANLI_CAF_"),
    ("算力", "SUANLI___"),
    ("", "SUANLI_"),
  ])
  func mapsMetadataKeys(key: String, field: String) {
    #expect(JournalFieldName.forMetadataKey(key) == field)
  }

  @Test func cutsNamesToWhatJournaldAccepts() {
    let field = JournalFieldName.forMetadataKey(String(repeating: "k", count: 100))
    #expect(field.count == JournalFieldName.maximumLength)
    #expect(field == "SUANLI_" + String(repeating: "K", count: JournalFieldName.maximumLength - 7))
  }

  @Test func everyMappedNameIsAValidJournalFieldName() {
    for key in ["a.b", "x y", "-", "9lives", "émoji🙂", "\n"] {
      let field = JournalFieldName.forMetadataKey(key)
      #expect(field.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }, "\(field)")
      #expect(field.first != "_")
    }
  }
}
