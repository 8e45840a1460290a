/// What a ``SystemdMachine`` boots with.
extension SystemdMachine {
  public struct Configuration: Sendable {
    /// Unit files written to the machine's `/run/systemd/system` (file name → contents), e.g. a test's units or
    /// drop-ins (`"suanlid.service.d/test.conf"`).
    public var units: [String: String]
    /// Files written into the tree laid over the machine's `/` (absolute path inside → contents).
    public var files: [String: String]
    /// Paths inside that get mode 0755 (files listed in `files` that are scripts).
    public var executables: Set<String>
    /// Host files copied into the tree laid over the machine's `/` (absolute path inside → host path), e.g. a
    /// built binary. Host paths outside `/tmp`, `/run` and `/var/log/journal` are also visible inside as they
    /// are, without copying.
    public var copies: [String: String]
    /// Host directories whose contents are laid over the machine's `/`, in order (later ones win), e.g. a
    /// `make install DESTDIR=…` tree. Their `usr`, `etc`, `var`, `opt`, `srv`, `home`, `root` become overlays;
    /// their `run` is copied into the machine's `/run`.
    public var trees: [String]
    /// Units the machine's boot target wants besides journald, e.g. `"dbus.socket"` (the system bus, needed
    /// by `systemd-run --wait` and by anything that calls systemd over D-Bus) or `"suanlid.socket"`.
    public var wants: [String]
    /// Units masked inside besides ``defaultMasks``.
    public var masks: [String]
    /// Longest wait for the machine to reach `running` (or `degraded`).
    public var bootTimeoutSeconds: Double

    public init(
      units: [String: String] = [:], files: [String: String] = [:], executables: Set<String> = [],
      copies: [String: String] = [:], trees: [String] = [], wants: [String] = [], masks: [String] = [],
      bootTimeoutSeconds: Double = 30
    ) {
      self.units = units
      self.files = files
      self.executables = executables
      self.copies = copies
      self.trees = trees
      self.wants = wants
      self.masks = masks
      self.bootTimeoutSeconds = bootTimeoutSeconds
    }
  }

  /// Units a machine in namespaces cannot or must not run (udev, the host's services, timers and clocks).
  public static let defaultMasks = [
    "systemd-udevd.service", "systemd-udevd-control.socket", "systemd-udevd-kernel.socket",
    "systemd-udev-trigger.service", "systemd-udev-settle.service", "systemd-tmpfiles-setup.service",
    "systemd-tmpfiles-setup-dev.service", "systemd-tmpfiles-clean.timer", "systemd-sysctl.service",
    "systemd-timesyncd.service", "systemd-random-seed.service", "systemd-remount-fs.service",
    "systemd-modules-load.service", "proc-sys-fs-binfmt_misc.automount", "systemd-binfmt.service", "getty.target",
    "console-getty.service", "systemd-journal-flush.service", "postgresql.service", "cron.service",
    "apt-daily.timer", "apt-daily-upgrade.timer", "e2scrub_all.timer", "fstrim.timer", "logrotate.timer",
    "man-db.timer",
  ]
}
