internal import Logging

/// One log event with its metadata resolved: provider, then handler, then message metadata (later ones win).
struct LogRecord {
  var level: Logger.Level
  var message: String
  var metadata: Logger.Metadata
  var file: String
  var function: String
  var line: UInt

  init(event: LogEvent, handlerMetadata: Logger.Metadata, provider: Logger.MetadataProvider?) {
    var merged = provider?.get() ?? [:]
    merged.merge(handlerMetadata) { _, handler in handler }
    if let eventMetadata = event.metadata {
      merged.merge(eventMetadata) { _, event in event }
    }
    if let error = event.error, merged["error"] == nil {
      merged["error"] = .string(String(describing: error))
    }
    level = event.level
    message = event.message.description
    metadata = merged
    file = event.file
    function = event.function
    line = event.line
  }

  /// The metadata in a stable order: the documented keys of ``LogKey`` first, in their order, then the rest sorted.
  var orderedMetadata: [(key: String, value: Logger.MetadataValue)] {
    let documented = LogKey.journalFields.compactMap { entry in
      metadata[entry.key].map { (key: entry.key, value: $0) }
    }
    guard documented.count < metadata.count else { return documented }
    let others = metadata.filter { !LogKey.documentedKeys.contains($0.key) }.sorted { $0.key < $1.key }
    return documented + others.map { (key: $0.key, value: $0.value) }
  }
}
