internal import Foundation
internal import SuanliConfig
internal import SuanliSimulator

/// The files `suanli simulate` reads and writes: the trace, the cluster description, the tenant map, charts.
struct SimulateInputs {
  var config: SimulationConfig
  var model: ClusterModel
  var workload: Workload

  static func load(
    trace: String, cluster: String, tenants: String?, walltimeFactor: Double?, walltimeCap: Int64?, jobs: Int?
  ) throws -> SimulateInputs {
    var config: SimulationConfig
    do {
      config = try SimulationConfig.load(contentsOf: cluster)
    } catch {
      throw CLIError("\(error)", exitCode: CLIExit.rejected)
    }
    if let walltimeFactor { config.jobs.walltimeFactor = walltimeFactor }
    if let walltimeCap {
      guard walltimeCap <= config.scheduler.maxWalltime else {
        throw CLIError(
          "--walltime-cap is longer than the scheduler's max_walltime (\(Formatting.duration(config.scheduler.maxWalltime)))",
          hint: "raise [scheduler] max_walltime in \(cluster)", exitCode: CLIExit.usage)
      }
      config.jobs.walltimeCap = walltimeCap
    }
    let map: [String: String]
    let rows: Trace
    do {
      map = try tenants.map { try TenantMap.parse(try text(of: $0), source: $0) } ?? [:]
      rows = try Trace.parse(try text(of: trace), source: trace)
    } catch let error as TraceError {
      throw CLIError(error.message, hint: error.hint.map { "\(error.source): \($0)" }, exitCode: CLIExit.rejected)
        .prefixed(error.source)
    }
    let model = ClusterModel(config)
    var workload = Workload(trace: rows, config: config, cluster: model, tenantMap: map)
    if let jobs, jobs < workload.jobs.count { workload.jobs.removeSubrange(jobs...) }
    return SimulateInputs(config: config, model: model, workload: workload)
  }

  static func text(of path: String) throws -> String {
    do {
      return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw CLIError(
        "cannot read \(path)", hint: "check the path (the traces are in shared/workloads/)",
        exitCode: CLIExit.notFound)
    }
  }

  static func writeCharts(_ charts: [(name: String, svg: String)], to directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for chart in charts {
        try Data(chart.svg.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(chart.name))
      }
    } catch {
      throw CLIError("cannot write the charts into \(directory): \(error.localizedDescription)")
    }
  }
}

extension CLIError {
  /// The same error with `source: ` before its message.
  func prefixed(_ source: String) -> CLIError {
    var copy = self
    copy.message = "\(source): \(message)"
    return copy
  }
}
