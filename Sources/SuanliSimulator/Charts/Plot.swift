import SuanliConfig

/// A plot area inside an SVG: margins, axes with ticks and labels, and mapping from data to pixels.
struct Plot {
  var svg: SVG
  let left = 64.0
  let top = 36.0
  let right: Double
  let bottom: Double
  let xRange: ClosedRange<Double>
  let yRange: ClosedRange<Double>

  init(title: String, width: Double = 860, height: Double = 420, x: ClosedRange<Double>, y: ClosedRange<Double>) {
    svg = SVG(width: width, height: height)
    right = width - 170
    bottom = height - 48
    xRange = x.lowerBound < x.upperBound ? x : x.lowerBound...(x.lowerBound + 1)
    yRange = y.lowerBound < y.upperBound ? y : y.lowerBound...(y.lowerBound + 1)
    svg.text(left, 22, title, size: 14)
  }

  func x(_ value: Double) -> Double {
    left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (right - left)
  }

  func y(_ value: Double) -> Double {
    bottom - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (bottom - top)
  }

  /// Axes, with `xTicks` and `yTicks` evenly spaced labels (`xLabel(value)` and `yLabel(value)` write them)
  /// and a light grid behind what is drawn next.
  mutating func axes(
    xTitle: String, yTitle: String, xLabel: (Double) -> String, yLabel: (Double) -> String, xTicks: Int = 5,
    yTicks: Int = 5
  ) {
    svg.line(left, bottom, right, bottom, stroke: "#333")
    svg.line(left, top, left, bottom, stroke: "#333")
    for step in 0...xTicks {
      let xValue = xRange.lowerBound + Double(step) / Double(xTicks) * (xRange.upperBound - xRange.lowerBound)
      svg.line(x(xValue), bottom, x(xValue), bottom + 4, stroke: "#333")
      svg.text(x(xValue), bottom + 16, xLabel(xValue), anchor: "middle", size: 10)
    }
    for step in 0...yTicks {
      let yValue = yRange.lowerBound + Double(step) / Double(yTicks) * (yRange.upperBound - yRange.lowerBound)
      svg.line(left - 4, y(yValue), left, y(yValue), stroke: "#333")
      svg.line(left, y(yValue), right, y(yValue), stroke: "#eee")
      svg.text(left - 6, y(yValue) + 3, yLabel(yValue), anchor: "end", size: 10)
    }
    svg.text((left + right) / 2, bottom + 36, xTitle, anchor: "middle")
    svg.text(16, (top + bottom) / 2, yTitle, anchor: "middle", rotate: true)
  }

  /// A legend to the right of the plot.
  mutating func legend(_ entries: [(String, String)]) {
    for (index, entry) in entries.enumerated() {
      let row = top + Double(index) * 16
      svg.rect(right + 14, row, 10, 10, fill: entry.1)
      svg.text(right + 30, row + 9, entry.0, size: 10)
    }
  }

  /// Days or hours, whichever reads better for the span.
  static func timeLabel(span: Double) -> (Double) -> String {
    span >= 3 * 86_400 ? { "\(Int(($0 / 86_400).rounded()))d" } : { "\(Int(($0 / 3_600).rounded()))h" }
  }

  /// Seconds at a glance: `10s`, `17m`, `2.8h`, `12d`.
  static func duration(_ seconds: Double) -> String {
    let (value, unit) = Units.glance(seconds: seconds)
    return number(unit == "h" ? (value * 10).rounded() / 10 : value.rounded()) + unit
  }

  static func number(_ value: Double) -> String {
    abs(value) >= 100 || value == value.rounded() ? "\(Int(value.rounded()))" : "\((value * 100).rounded() / 100)"
  }
}
