internal import Foundation

/// The charts of `suanli simulate --svg DIR`: SVG documents by file name.
public enum Charts {
  /// Columns the time series are averaged into.
  static let columns = 400
  /// Enterprises drawn on their own in the cards chart (the others are summed).
  static let namedEnterprises = 8

  public static func all(_ runs: [PolicyRun], workload: Workload, cluster: ClusterModel) -> [(
    name: String, svg: String
  )] {
    var charts = runs.map { run in
      ("cards-\(run.report.policy.rawValue).svg", cardsInUse(run, workload: workload, cluster: cluster))
    }
    charts.append(("queue.svg", queueLength(runs)))
    charts.append(("wait.svg", waitDistribution(runs)))
    charts.append(("share.svg", shareOfGuarantee(runs)))
    return charts
  }

  /// Cards in use over time, stacked by enterprise (the largest users by name, the rest together).
  static func cardsInUse(_ run: PolicyRun, workload: Workload, cluster: ClusterModel) -> String {
    let timeline = run.timeline
    let count = timeline.enterpriseCount
    let start = Double(timeline.times.first ?? 0)
    let end = Double(max(timeline.times.last ?? 0, (timeline.times.first ?? 0) + 1))
    var series = (0..<count).map { e in
      averaged(timeline, from: start, to: end) { Double(timeline.cards(sample: $0, enterprise: e)) }
    }
    let totals = series.map { $0.reduce(0, +) }
    var order = (0..<count).sorted { (totals[$0], $1) > (totals[$1], $0) }
    if order.count > namedEnterprises {
      let rest = order[namedEnterprises...]
      let others = (0..<columns).map { column in rest.reduce(0.0) { $0 + series[$1][column] } }
      order = Array(order[..<namedEnterprises]) + [series.count]
      series.append(others)
    }
    let capacity = Double(cluster.totalCards)
    var plot = Plot(
      title: "Cards in use by enterprise — \(run.report.policy.title)", x: 0...(end - start), y: 0...max(1, capacity))
    plot.axes(xTitle: "time", yTitle: "cards", xLabel: Plot.timeLabel(span: end - start), yLabel: Plot.number)
    var base = Array(repeating: 0.0, count: columns)
    var legend: [(String, String)] = []
    for (rank, e) in order.enumerated() {
      let color = SVG.palette[rank % SVG.palette.count]
      var upper: [(Double, Double)] = []
      var lower: [(Double, Double)] = []
      for column in 0..<columns {
        let x = plot.x((end - start) * Double(column) / Double(columns - 1))
        upper.append((x, plot.y(base[column] + series[e][column])))
        lower.append((x, plot.y(base[column])))
        base[column] += series[e][column]
      }
      plot.svg.polygon(upper + lower.reversed(), fill: color)
      legend.append((e < count ? workload.enterprises[e].id : "others", color))
    }
    plot.svg.line(plot.x(0), plot.y(capacity), plot.x(end - start), plot.y(capacity), stroke: "#000", dashed: true)
    plot.legend(legend)
    return plot.svg.document
  }

  /// Pending jobs over time, one line per policy.
  static func queueLength(_ runs: [PolicyRun]) -> String {
    let start = Double(runs.compactMap { $0.timeline.times.first }.min() ?? 0)
    let end = Double(runs.compactMap { $0.timeline.times.last }.max() ?? 0) + 1
    let series = runs.map { run in
      averaged(run.timeline, from: start, to: end) { Double(run.timeline.queued[$0]) }
    }
    var plot = Plot(
      title: "Jobs waiting", x: 0...(end - start), y: 0...max(1, series.flatMap { $0 }.max() ?? 1))
    plot.axes(xTitle: "time", yTitle: "jobs waiting", xLabel: Plot.timeLabel(span: end - start), yLabel: Plot.number)
    var legend: [(String, String)] = []
    for (index, values) in series.enumerated() {
      let color = SVG.palette[index % SVG.palette.count]
      plot.svg.polyline(
        values.enumerated().map { column, value in
          (plot.x((end - start) * Double(column) / Double(columns - 1)), plot.y(value))
        }, stroke: color)
      legend.append((runs[index].report.policy.title, color))
    }
    plot.legend(legend)
    return plot.svg.document
  }

  /// The distribution of queueing delays per policy: the fraction of jobs that waited at most x (log scale,
  /// a wait under a second drawn at 1 s).
  static func waitDistribution(_ runs: [PolicyRun]) -> String {
    let longest = Double(runs.flatMap(\.waits).max() ?? 1)
    let decades = max(1, Int(log10(max(1, longest)).rounded(.up)))
    let top = Double(decades)
    var plot = Plot(title: "Queueing delay: fraction of jobs that waited at most x", x: 0...top, y: 0...1)
    plot.axes(
      xTitle: "waited at most (log scale)", yTitle: "fraction of jobs", xLabel: { Plot.duration(pow10($0)) },
      yLabel: { "\(Int(($0 * 100).rounded()))%" }, xTicks: decades, yTicks: 4)
    var legend: [(String, String)] = []
    for (index, run) in runs.enumerated() {
      let color = SVG.palette[index % SVG.palette.count]
      let sorted = run.waits.sorted()
      guard !sorted.isEmpty else { continue }
      var points: [(Double, Double)] = []
      var position = 0
      for step in 0...200 {
        let exponent = top * Double(step) / 200
        let limit = pow10(exponent)
        while position < sorted.count && Double(sorted[position]) <= limit { position += 1 }
        points.append((plot.x(exponent), plot.y(Double(position) / Double(sorted.count))))
      }
      plot.svg.polyline(points, stroke: color)
      legend.append((run.report.policy.title, color))
    }
    plot.legend(legend)
    return plot.svg.document
  }

  /// Per enterprise with a guarantee, cards used over cards it was entitled to while it had demand.
  static func shareOfGuarantee(_ runs: [PolicyRun]) -> String {
    guard let first = runs.first else { return SVG(width: 10, height: 10).document }
    let enterprises = first.report.byEnterprise.indices.filter { first.report.byEnterprise[$0].share != nil }
      .prefix(24)
    let highest = runs.flatMap { $0.report.byEnterprise.compactMap(\.share) }.max() ?? 1
    let groups = Double(max(1, enterprises.count))
    var plot = Plot(
      title: "Share of guarantee while in demand (1 = got its guarantee)", width: max(860, 60 * groups + 240),
      x: 0...groups, y: 0...max(1.2, highest * 1.05))
    plot.axes(xTitle: "enterprise", yTitle: "used / entitled", xLabel: { _ in "" }, yLabel: Plot.number)
    let barWidth = (plot.x(1) - plot.x(0)) * 0.8 / Double(runs.count)
    for (group, e) in enterprises.enumerated() {
      for (index, run) in runs.enumerated() {
        let share = run.report.byEnterprise[e].share ?? 0
        let left = plot.x(Double(group) + 0.1) + Double(index) * barWidth
        plot.svg.rect(
          left, plot.y(share), barWidth, plot.y(0) - plot.y(share), fill: SVG.palette[index % SVG.palette.count])
      }
      plot.svg.text(
        plot.x(Double(group) + 0.5), plot.y(0) + 14, first.report.byEnterprise[e].enterprise, anchor: "middle",
        size: 9)
    }
    plot.svg.line(plot.x(0), plot.y(1), plot.x(groups), plot.y(1), stroke: "#000", dashed: true)
    plot.legend(runs.enumerated().map { ($1.report.policy.title, SVG.palette[$0 % SVG.palette.count]) })
    return plot.svg.document
  }

  /// The time-weighted average of a step function over each of `columns` equal spans of [start, end).
  static func averaged(_ timeline: Timeline, from start: Double, to end: Double, value: (Int) -> Double) -> [Double] {
    var result = Array(repeating: 0.0, count: columns)
    let width = (end - start) / Double(columns)
    guard width > 0 else { return result }
    for sample in 0..<timeline.count {
      let from = Double(timeline.times[sample])
      let to = sample + 1 < timeline.count ? Double(timeline.times[sample + 1]) : end
      let level = value(sample)
      guard level != 0, to > from else { continue }
      var column = max(0, Int((from - start) / width))
      while column < columns {
        let columnStart = start + Double(column) * width
        let overlap = min(to, columnStart + width) - max(from, columnStart)
        if overlap <= 0 && columnStart >= to { break }
        if overlap > 0 { result[column] += level * overlap / width }
        column += 1
      }
    }
    return result
  }

  static func pow10(_ exponent: Double) -> Double { Foundation.pow(10, exponent) }
}
