/// Budget arithmetic. Credits are a ledger, never decayed: a job starting places a hold of
/// walltime × hourly rate; ending charges the runtime and releases the rest of the hold.
enum Budget {
  /// Hourly rate of one job in millicredits: per node, cards × model price + cores × core price +
  /// GiB × memory price, rounded up; times the node count.
  static func hourlyRate(perNode request: NodeRequest, nodeCount: Int, model: String?, prices: PriceTable) -> Int64 {
    let cardPrice = model.flatMap { prices.perCardHour[$0] }?.millis ?? 0
    let cards = Int64(request.cards) * cardPrice
    let cpu = ceilDiv(Int64(request.cpuMillis) * prices.perCoreHour.millis, 1000)
    let memory = ceilDiv(Int64(request.memoryMiB) * prices.perGiBHour.millis, 1024)
    return (cards + cpu + memory) * Int64(nodeCount)
  }

  /// Credits for `seconds` at `rate` millicredits per hour, rounded up to a millicredit.
  static func cost(rate: Int64, seconds: Int64) -> Credits {
    Credits(millis: ceilDiv(rate * max(0, seconds), 3600))
  }

  /// The hold placed when a job starts.
  static func hold(rate: Int64, walltime: Int64) -> Credits { cost(rate: rate, seconds: walltime) }

  /// What a job that ran `runtime` seconds is charged: never more than its hold, and nothing for lost time
  /// (preemption, node failure) unless the configuration says otherwise.
  static func charge(rate: Int64, runtime: Int64, walltime: Int64, lost: Bool, chargeLostTime: Bool) -> Credits {
    if lost && !chargeLostTime { return .zero }
    return cost(rate: rate, seconds: min(runtime, walltime))
  }

  private static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { a <= 0 ? 0 : (a + b - 1) / b }
}
