/// Configurations for daemon tests.
public enum TestConfig {
  /// Three enterprises: `acme` (root is a member), `beta` and `gamma` (nobody is a member of both); h200 and
  /// a100 cards.
  public static func standard(nodeDownAfter: String = "1h", minRuntime: String = "5m", extra: String = "") -> String {
    """
    [nodes]
    heartbeat_interval = "1s"
    down_after = "\(nodeDownAfter)"

    [jobs]
    default_walltime = "1h"
    max_array_size = 1000

    [scheduler]
    max_walltime = "2d"
    min_runtime_before_preemption = "\(minRuntime)"

    [prices]
    core_hour = 0
    gib_hour = 0

    [prices.cards]
    "nvidia-h200" = 10
    "nvidia-a100" = 5

    [[enterprise]]
    id = "acme"
    members = ["root"]
    guaranteed = { cpu = 64, memory = "256G", cards = { "nvidia-h200" = 8 } }
    limit = { cpu = 512, memory = "2T", cards = { "nvidia-h200" = 16, "nvidia-a100" = 8 } }
    budget = 1000

    [[enterprise]]
    id = "beta"
    members = ["nobody"]
    limit = { cpu = 512, memory = "2T", cards = { "nvidia-h200" = 16 } }
    budget = 500

    [[enterprise]]
    id = "gamma"
    members = ["nobody"]
    limit = { cpu = 64, memory = "256G", cards = { "nvidia-a100" = 8 } }
    budget = 500
    \(extra)
    """
  }
}
