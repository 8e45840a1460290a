import SuanliCore

extension PolicyReport {
  /// The figures of a finished replay.
  public init(_ replay: Replay) {
    let workload = replay.workload
    let accounting = replay.accounting
    var counts = JobCounts()
    var completion: [Int64] = []
    var wait: [Int64] = []
    // Per enterprise: completion times, waits, jobs, preemptions.
    var byEnterprise = Array(repeating: ([Int64](), [Int64](), 0, 0), count: workload.enterprises.count)
    var byClass: [JobClass: ([Int64], [Int64], Int)] = [:]
    var firstSubmit = Int64.max
    var lastEnd = Int64.min
    for (index, job) in workload.jobs.enumerated() {
      let progress = replay.jobs[index]
      counts.submitted += 1
      byEnterprise[job.enterprise].2 += 1
      byEnterprise[job.enterprise].3 += progress.preemptions
      byClass[job.jobClass, default: ([], [], 0)].2 += 1
      firstSubmit = min(firstSubmit, job.submit)
      switch progress.fate {
      case .completed: counts.completed += 1
      case .timeout: counts.timeout += 1
      case .preempted: counts.preempted += 1
      case .rejected: counts.rejected += 1
      case .unfinished: counts.unfinished += 1
      }
      guard let jct = progress.completionTime(submit: job.submit),
        let delay = progress.queueingDelay(submit: job.submit)
      else { continue }
      lastEnd = max(lastEnd, progress.end)
      completion.append(jct)
      wait.append(delay)
      byEnterprise[job.enterprise].0.append(jct)
      byEnterprise[job.enterprise].1.append(delay)
      byClass[job.jobClass]!.0.append(jct)
      byClass[job.jobClass]!.1.append(delay)
    }
    let makespan = lastEnd >= firstSubmit ? lastEnd - firstSubmit : 0
    let shares = workload.enterprises.indices.map { e -> Double? in
      accounting.entitledCardSeconds[e] > 0 ? accounting.usedCardSeconds[e] / accounting.entitledCardSeconds[e] : nil
    }
    let totalCards = replay.cluster.totalCards
    self.init(
      policy: replay.policy, jobs: counts, times: JobTimes(completion: completion, wait: wait),
      byEnterprise: workload.enterprises.indices.map { e in
        EnterpriseReport(
          enterprise: workload.enterprises[e].id, jobs: byEnterprise[e].2,
          times: JobTimes(completion: byEnterprise[e].0, wait: byEnterprise[e].1),
          guaranteedCards: accounting.guaranteedCards[e], maxCards: accounting.maxCardsInUse[e],
          maxLimitUse: accounting.maxLimitUse[e], share: shares[e],
          preemptions: byEnterprise[e].3,
          creditsCharged: Credits(millis: accounting.charged[e]).description)
      },
      byClass: JobClass.allCases.filter { byClass[$0] != nil }.map { jobClass in
        let (jct, delay, jobs) = byClass[jobClass]!
        return ClassReport(jobClass: jobClass.rawValue, jobs: jobs, times: JobTimes(completion: jct, wait: delay))
      },
      makespan: makespan,
      utilisation: makespan > 0 && totalCards > 0
        ? accounting.usedCardSeconds.reduce(0, +) / (Double(totalCards) * Double(makespan)) : 0,
      fairness: jainIndex(shares.compactMap { $0 }), maxLimitUse: accounting.maxLimitUse.max() ?? 0,
      preemptions: accounting.preemptions, cardHoursLost: accounting.lostCardSeconds / 3600,
      creditsCharged: Credits(millis: accounting.charged.reduce(0, +)).description, cycles: replay.cycles)
  }
}
