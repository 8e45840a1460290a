/// Key paths in TOML notation, as error messages show them: `enterprise[2].limit.cards.nvidia-h200`.
enum KeyPath {
  /// `path.key`, quoting `key` when it is not a bare TOML key (`prices.cards."gpu.v2"`).
  static func appending(_ key: String, to path: String) -> String {
    let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { isBareKeyCharacter($0) }
    let component = bare ? key : "\"" + key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    return path.isEmpty ? component : path + "." + component
  }

  /// `path[index]`.
  static func appending(index: Int, to path: String) -> String { "\(path)[\(index)]" }

  private static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
    default: false
    }
  }
}

/// "Did you mean …?" for a mistyped key: the closest known key within a small edit distance.
enum Suggestion {
  static func closest(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { (candidate: $0, distance: editDistance(word, $0)) }
    guard let best = scored.min(by: { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }) else { return nil }
    return best.distance <= max(2, word.count / 3) ? best.candidate : nil
  }

  /// Levenshtein distance over characters.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased())
    let b = Array(b.lowercased())
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      previous = current
    }
    return previous[b.count]
  }
}
