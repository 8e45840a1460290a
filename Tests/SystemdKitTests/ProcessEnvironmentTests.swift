import Testing

/// Tests that change the process environment (`NOTIFY_SOCKET`, `WATCHDOG_*`, `LISTEN_*`, `JOURNAL_STREAM`) live in
/// suites nested in this one, which runs them one at a time: the environment is shared by the whole test process.
@Suite(.serialized)
enum ProcessEnvironmentTests {}
