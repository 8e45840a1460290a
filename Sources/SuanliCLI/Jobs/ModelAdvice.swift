/// When a job asks for cards without naming a model, the daemon refuses it and names the platform's models;
/// this says how to name one on the command line.
enum ModelAdvice {
  static func explain(_ error: CLIError) -> CLIError {
    guard error.message.hasPrefix("models:") else { return error }
    var advised = error
    advised.hint = "name one with --gpu-model" + (error.hint.map { "; \($0)" } ?? "")
    return advised
  }
}
