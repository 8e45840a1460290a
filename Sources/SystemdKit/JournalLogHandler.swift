public import Logging

/// A swift-log handler for a systemd service: native journald entries with structured fields when the service's
/// stderr goes to the journal, readable single lines on stderr otherwise.
///
/// ```swift
/// LoggingSystem.bootstrap(JournalLogHandler.factory(identifier: "suanlid"))
/// // or, choosing the sink for each logger: LoggingSystem.bootstrap { JournalLogHandler(label: $0, identifier: "suanlid") }
/// ```
///
/// A journal entry carries `MESSAGE`, `PRIORITY` (see ``Logging/Logger/Level/syslogPriority``), `SYSLOG_IDENTIFIER`,
/// `SUANLI_LOGGER` (the label), `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, and one field per metadata key (see ``LogKey``
/// and ``JournalFieldName``). Metadata comes from the metadata provider, the handler and the message, the later
/// winning; an event's error is logged under the key `error` unless that key is set.
public struct JournalLogHandler: LogHandler {
  /// The logger's label (`Logger(label:)`).
  public let label: String
  /// The `SYSLOG_IDENTIFIER` (`journalctl -t`), usually the program name.
  public let identifier: String
  /// Where records go.
  public let sink: Sink

  /// Metadata added to every record of this handler (the logger's own metadata).
  public var metadata: Logger.Metadata = [:]
  /// Contextual metadata (for example task-local) gathered at each record; the handler's and the message's win.
  public var metadataProvider: Logger.MetadataProvider?
  /// The least severe level that is logged.
  public var logLevel: Logger.Level

  /// A handler writing to `sink`.
  public init(
    label: String,
    identifier: String,
    sink: Sink,
    logLevel: Logger.Level = .info,
    metadataProvider: Logger.MetadataProvider? = nil
  ) {
    self.label = label
    self.identifier = identifier
    self.sink = sink
    self.logLevel = logLevel
    self.metadataProvider = metadataProvider
  }

  /// A handler whose sink is chosen now by ``Sink/detect()``.
  public init(label: String, identifier: String) {
    self.init(label: label, identifier: identifier, sink: .detect())
  }

  /// A factory for `LoggingSystem.bootstrap` that chooses the sink once, now, for every logger it makes.
  public static func factory(
    identifier: String,
    logLevel: Logger.Level = .info,
    metadataProvider: Logger.MetadataProvider? = nil
  ) -> @Sendable (String) -> JournalLogHandler {
    let sink = Sink.detect()
    return { label in
      JournalLogHandler(
        label: label,
        identifier: identifier,
        sink: sink,
        logLevel: logLevel,
        metadataProvider: metadataProvider
      )
    }
  }

  /// Makes every `Logger` of the process use this handler (``factory(identifier:logLevel:metadataProvider:)``).
  /// For `main` only: libraries take a `Logger` and never bootstrap.
  public static func bootstrap(identifier: String, logLevel: Logger.Level = .info) {
    LoggingSystem.bootstrap(factory(identifier: identifier, logLevel: logLevel))
  }

  /// One key of ``metadata``.
  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  /// Writes one record to the ``sink``. Never fails the caller: a journal or file that cannot take the record loses it.
  public func log(event: LogEvent) {
    let record = LogRecord(event: event, handlerMetadata: metadata, provider: metadataProvider)
    switch sink {
    case .journal:
      JournalWriter.send(JournalEntry(record: record, identifier: identifier, label: label))
    case .lines(let fd):
      let line = LogLine.render(record, identifier: identifier, time: SystemClock.realtime())
      FileDescriptorWriter.write(line + "\n", to: fd)
    }
  }
}
