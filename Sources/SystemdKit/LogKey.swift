/// The metadata keys Suanli puts on its `Logger`s, and the journal fields ``JournalLogHandler`` stores them in.
///
/// ```swift
/// logger.info("job started", metadata: [LogKey.jobID: "42", LogKey.enterprise: "acme"])
/// // journalctl SUANLI_JOB_ID=42
/// ```
///
/// Any other key `k` is stored as `SUANLI_` + `k` in upper case, see ``JournalFieldName/forMetadataKey(_:)``.
public enum LogKey {
  /// A job's id, journal field `SUANLI_JOB_ID`.
  public static let jobID = "job.id"
  /// An enterprise (tenant) id, journal field `SUANLI_ENTERPRISE`.
  public static let enterprise = "enterprise"
  /// A Unix user name or uid acting, journal field `SUANLI_USER`.
  public static let user = "user"
  /// A compute node's name, journal field `SUANLI_NODE`.
  public static let node = "node"
  /// The kind of event (`job.submitted`, `node.down`, …), journal field `SUANLI_EVENT`.
  public static let event = "event"
  /// The journal catalog id of the event kind, journal field `MESSAGE_ID`: 32 lowercase hexadecimal characters, as
  /// `journalctl --new-id128` prints them.
  public static let messageID = "message.id"

  /// The documented keys with their journal fields, in the order the stderr sink prints them.
  public static let journalFields: [(key: String, field: String)] = [
    (jobID, "SUANLI_JOB_ID"),
    (enterprise, "SUANLI_ENTERPRISE"),
    (user, "SUANLI_USER"),
    (node, "SUANLI_NODE"),
    (event, "SUANLI_EVENT"),
    (messageID, "MESSAGE_ID"),
  ]

  /// The keys of `journalFields`, for lookups.
  static let documentedKeys = Set(journalFields.map(\.key))
}
