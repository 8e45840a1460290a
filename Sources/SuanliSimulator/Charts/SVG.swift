/// A small SVG document builder: just what the charts draw (lines, polygons, rectangles, text).
struct SVG {
  let width: Double
  let height: Double
  private var body: [String] = []

  static let palette = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  ]

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, dashed: Bool = false) {
    let dash = dashed ? " stroke-dasharray=\"4 3\"" : ""
    body.append(
      "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\"\(dash)/>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String) {
    body.append(
      "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1.5\" points=\"\(pointList(points))\"/>")
  }

  mutating func polygon(_ points: [(Double, Double)], fill: String) {
    body.append("<polygon fill=\"\(fill)\" stroke=\"none\" points=\"\(pointList(points))\"/>")
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String) {
    body.append("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"\(fill)\"/>")
  }

  mutating func text(
    _ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 11, rotate: Bool = false
  ) {
    let turn = rotate ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
    body.append(
      "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\"\(turn)>\(escape(content))</text>"
    )
  }

  var document: String {
    let head =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
      + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\">"
    return ([head, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"] + body + ["</svg>"])
      .joined(separator: "\n") + "\n"
  }

  private func pointList(_ points: [(Double, Double)]) -> String {
    points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
  }

  private func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// One decimal, no trailing ".0": small files that diff well.
  private func f(_ value: Double) -> String {
    let scaled = (value * 10).rounded()
    guard scaled.isFinite, abs(scaled) < 1e15 else { return "0" }
    let tenths = Int64(scaled)
    let sign = tenths < 0 ? "-" : ""
    let magnitude = tenths.magnitude
    return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
  }
}
