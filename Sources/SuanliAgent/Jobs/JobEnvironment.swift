public import SuanliAPI

/// The environment a job runs with: its own (from submission), then what Suanli tells it about its placement.
public enum JobEnvironment {
  /// The search path when the job's environment has none.
  public static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

  /// `assignment.env` plus `SUANLI_JOB_ID`, `SUANLI_NODE`, `SUANLI_ARRAY_INDEX` (array jobs), `SUANLI_NODELIST`,
  /// and the card indices for the model's runtime; Suanli's variables win over the job's.
  public static func variables(for assignment: Assignment, node: String) -> [String: String] {
    var env = assignment.env
    if env["PATH"] == nil { env["PATH"] = defaultPath }
    if env["HOME"] == nil { env["HOME"] = assignment.workdir }
    if env["USER"] == nil { env["USER"] = assignment.user }
    env["SUANLI_JOB_ID"] = String(assignment.jobId)
    env["SUANLI_JOB_NAME"] = assignment.name
    env["SUANLI_NODE"] = node
    env["SUANLI_NODELIST"] = (assignment.nodelist.isEmpty ? [node] : assignment.nodelist).joined(separator: ",")
    if let index = assignment.arrayIndex { env["SUANLI_ARRAY_INDEX"] = String(index) }
    if let variable = deviceVariable(model: assignment.model) {
      env[variable] = assignment.cards.map(String.init).joined(separator: ",")
    }
    return env
  }

  /// `CUDA_VISIBLE_DEVICES` for NVIDIA models, `ASCEND_RT_VISIBLE_DEVICES` for Ascend models, nil otherwise.
  public static func deviceVariable(model: String?) -> String? {
    guard let model else { return nil }
    if model.hasPrefix("nvidia") { return "CUDA_VISIBLE_DEVICES" }
    if model.hasPrefix("ascend") { return "ASCEND_RT_VISIBLE_DEVICES" }
    return nil
  }
}
