/// Turns the names vendor tools print into the model names the daemon schedules by: lowercase, vendor first,
/// without form factor or memory size (`NVIDIA A100-SXM4-80GB` → `nvidia-a100`, `Ascend910B3` → `ascend-910b`).
public enum ModelName {
  /// The model name of an NVIDIA GPU as `nvidia-smi` names it.
  public static func nvidia(_ name: String) -> String {
    let words = name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).map(String.init)
    let kept = words.filter { !vendorWords.contains($0) && !isFormFactor($0) }
    return (["nvidia"] + kept).joined(separator: "-")
  }

  /// The model name of a Huawei Ascend NPU as `npu-smi info` names it (`910B3`, `Ascend910B3`, `310P3`): the
  /// series and its letter, without the bin number.
  public static func ascend(_ name: String) -> String {
    var rest = Substring(name.lowercased().filter { $0 != " " && $0 != "-" })
    if rest.hasPrefix("ascend") { rest = rest.dropFirst("ascend".count) }
    let digits = rest.prefix { $0.isNumber }
    let letters = rest.dropFirst(digits.count).prefix { $0.isLetter }
    let series = digits + letters
    return series.isEmpty ? "ascend" : "ascend-" + series
  }

  private static let vendorWords: Set<String> = ["nvidia", "tesla", "geforce"]

  /// Words that say how a card is built, not which card it is: `sxm4`, `pcie`, `80gb`, `hbm3`, `nvl`.
  private static func isFormFactor(_ word: String) -> Bool {
    if ["pcie", "nvl", "sxm", "mig"].contains(word) { return true }
    if word.hasPrefix("sxm") || word.hasPrefix("hbm") { return true }
    if word.hasSuffix("gb"), word.dropLast(2).allSatisfy(\.isNumber), word.count > 2 { return true }
    return false
  }
}
