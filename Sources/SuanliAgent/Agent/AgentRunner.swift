public import Logging
import ServiceLifecycle
public import SuanliConfig
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

/// Runs an agent for a configuration until SIGTERM or SIGINT: discovers capacity, applies the overrides, picks
/// the daemon's socket (or its TLS port, with the node's token), then runs ``AgentService`` in a `ServiceGroup`.
public enum AgentRunner {
  public static func run(config: AgentConfig, logger: Logger) async throws {
    var logger = logger
    logger[metadataKey: LogKey.node] = "\(config.node)"
    // Jobs' logs must be reachable by their users whatever the agent's umask.
    umask(0o022)
    let capacity = await CapacityDiscovery.discover().applying(config)
    let daemon = try DaemonEndpoint.resolve(config)
    let launch = launchMode(config, logger: logger)
    let agent = Agent(
      config: config, capacity: capacity, daemon: daemon, wrapper: wrapperPath(), launch: launch, logger: logger)
    let service = AgentService(agent: agent, daemon: daemon, logger: logger)
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    logger.info(
      "suanli-agent for node \(config.node): daemon \(daemon.address), state \(config.stateDirectory)",
      metadata: [LogKey.event: "agent.start"])
    try await group.run()
  }

  /// How this node starts jobs: `launch` of the configuration, `auto` resolved; for children, the cgroups the
  /// agent can make (checked by making this node's parent cgroup now).
  static func launchMode(_ config: AgentConfig, logger: Logger) -> JobLauncher.Mode {
    let systemd = SystemdManager.isRunning
    switch (config.launch, systemd) {
    case (.systemd, _), (.auto, true):
      if !systemd {
        logger.warning("launch = \"systemd\" but systemd is not PID 1 here: starting jobs with systemd-run may fail")
      }
      logger.info(
        "jobs run as transient systemd units suanli-job-<id>-<start time>.service with MemoryMax= and CPUQuota=")
      return .systemd
    case (.process, _), (.auto, false):
      guard let layout = CgroupLayout.detect(node: config.node) else {
        logger.warning(
          "no cgroup memory and cpu controllers here: jobs' memory and CPU requests are not enforced (jobs without cards get an address-space limit)"
        )
        return .process(cgroups: nil)
      }
      do { try layout.prepare() } catch {
        logger.warning(
          "cannot make cgroups for jobs (\(error)): jobs' memory and CPU requests are not enforced (jobs without cards get an address-space limit)"
        )
        return .process(cgroups: nil)
      }
      logger.info("jobs run in their own cgroups under \(layout.trees.map(\.parent).joined(separator: ", "))")
      return .process(cgroups: layout)
    }
  }

  /// `suanli-run-job` next to this process's executable (`/proc/self/exe`): they are installed together.
  static func wrapperPath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return "/usr/bin/suanli-run-job" }
    let executable = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    return directory.joined(separator: "/") + "/suanli-run-job"
  }
}
