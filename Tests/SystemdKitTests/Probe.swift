import Foundation

/// Some behaviour can only be observed in a process started in a particular way (by `systemd-socket-activate`, or
/// inside a mount namespace with its own journald). Such tests start this very test binary again as a child that runs
/// only the matching test of ``Probes`` — the child-side half — selected by the environment variable ``variable``.
enum Probe: String {
  case socketActivation = "socket-activation"
  case journal

  /// The variable that selects the probe in the child.
  static let variable = "SUANLI_SYSTEMDKIT_PROBE"
  /// Where the child writes what it observed, for the parent to check.
  static let reportVariable = "SUANLI_SYSTEMDKIT_PROBE_REPORT"

  /// The probe this process was started for, if any.
  static var current: Probe? {
    ProcessInfo.processInfo.environment[variable].flatMap(Probe.init(rawValue:))
  }

  /// This test binary.
  static var testExecutable: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }

  /// The command line that runs this probe's child-side test and nothing else.
  var childCommand: [String] {
    [Self.testExecutable, "--testing-library", "swift-testing", "--filter", "SystemdKitTests.Probes"]
  }
}
