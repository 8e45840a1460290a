/// The fields of one native journal entry, in order.
struct JournalEntry {
  var fields: [(name: String, value: String)]

  /// `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `SUANLI_LOGGER` (the logger's label), `CODE_FILE`, `CODE_LINE`,
  /// `CODE_FUNC`, then one field per metadata key (see ``JournalFieldName``).
  init(record: LogRecord, identifier: String, label: String) {
    fields = [
      ("MESSAGE", record.message),
      ("PRIORITY", String(record.level.syslogPriority)),
      ("SYSLOG_IDENTIFIER", identifier),
      ("SUANLI_LOGGER", label),
      ("CODE_FILE", record.file),
      ("CODE_LINE", String(record.line)),
      ("CODE_FUNC", record.function),
    ]
    for (key, value) in record.orderedMetadata {
      fields.append((JournalFieldName.forMetadataKey(key), value.compactDescription))
    }
  }
}
