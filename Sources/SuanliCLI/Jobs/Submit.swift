internal import ArgumentParser
internal import Foundation
internal import SuanliAPI

/// `suanli submit [options] -- COMMAND [ARGS...]`: queue a job, like sbatch; `--wait` follows it to its end.
struct Submit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Submit a job, like sbatch: suanli submit [options] -- COMMAND [ARGS...]",
    discussion: """
      Resources are per node: --nodes 2 --gpus 8 asks for 8 cards on each of 2 nodes, started together (a gang). \
      Durations read like 90m, 2h30m or 2d; sizes like 64G or 512MiB (a plain number is MiB).

      With --wait, suanli prints each state change and exits with the job's exit code (the highest of an \
      array's): 0 when it succeeded without one, 1 when it failed without a code, was cancelled, timed out, \
      lost its node or was preempted for good.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("Accelerator cards per node.", valueName: "n"))
  var gpus: Int?

  @Option(
    name: .customLong("gpu-model"),
    help: ArgumentHelp("Accepted accelerator models, in order of preference.", valueName: "model,…"),
    transform: JobArguments.list)
  var gpuModels: [String]?

  @Option(
    help: ArgumentHelp("CPU cores per node (0.5 and 500m allowed).", valueName: "cores"),
    transform: JobArguments.millicores)
  var cpus: Int?

  @Option(
    help: ArgumentHelp("Memory per node (64G, 512MiB; a plain number is MiB).", valueName: "size"),
    transform: JobArguments.mebibytes)
  var mem: Int?

  @Option(help: ArgumentHelp("Nodes; more than one is a gang, started all at once.", valueName: "n"))
  var nodes: Int?

  @Option(
    help: ArgumentHelp("Walltime (90m, 2h30m, 2d): the job is stopped when it runs out.", valueName: "duration"),
    transform: JobArguments.seconds)
  var time: Int64?

  @Option(name: .customLong("class"), help: "Priority class (default: normal).")
  var jobClass: JobClassArgument?

  @Option(help: "The job's name (default: the program's name).")
  var name: String?

  @Option(
    name: .customLong("label"),
    help: ArgumentHelp("Run only on nodes with this label (repeatable).", valueName: "key=value"),
    transform: JobArguments.pair)
  var labels: [KeyValue] = []

  @Option(
    help: ArgumentHelp("Submit an array: 0-99, 0-99:2 (step), 0-99%10 (at most 10 at once).", valueName: "range"),
    transform: JobArguments.array)
  var array: ArraySpec?

  @Flag(help: "Submit held: the job waits until `suanli release`.")
  var hold = false

  @Flag(name: .customLong("no-requeue"), help: "Do not go back to the queue when preempted or when a node fails.")
  var noRequeue = false

  @Option(help: ArgumentHelp("The enterprise to act for, when you belong to several.", valueName: "id"))
  var enterprise: String?

  @Option(help: ArgumentHelp("Working directory of the job (default: the current directory).", valueName: "dir"))
  var chdir: String?

  @Option(
    name: .customLong("env"), help: ArgumentHelp("Set a variable for the job (repeatable).", valueName: "key=value"),
    transform: JobArguments.pair)
  var variables: [KeyValue] = []

  @Flag(name: .customLong("export-env"), help: "Send your whole environment to the job (--env entries win).")
  var exportEnvironment = false

  @Flag(help: "Print only the job id (one per line for an array).")
  var parsable = false

  @Flag(help: "Wait for the job to end, printing its state changes; exit with its exit code.")
  var wait = false

  @Argument(parsing: .captureForPassthrough, help: "The command to run and its arguments (after --).")
  var command: [String] = []

  /// The command without the `--` that separates it from suanli's options.
  var program: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

  func validate() throws {
    // The command swallows everything after the first word it does not know, --help included.
    if command.first == "--help" || command.first == "-h" { throw CleanExit.helpRequest(self) }
    guard let first = program.first else {
      throw ValidationError("give the command to run after --, e.g. suanli submit --gpus 1 -- python train.py")
    }
    if command.first != "--", first.hasPrefix("-") {
      throw ValidationError("unknown option '\(first)' (the command to run goes after --)")
    }
    if let gpus, gpus < 0 { throw ValidationError("--gpus must be 0 or more") }
    if let nodes, nodes < 1 { throw ValidationError("--nodes must be 1 or more") }
    if gpuModels != nil, (gpus ?? 0) == 0 { throw ValidationError("--gpu-model needs --gpus N (cards per node)") }
  }

  func run() throws {
    let client = global.client()
    let submission = submission(
      currentDirectory: FileManager.default.currentDirectoryPath, environment: ProcessInfo.processInfo.environment)
    let result: SubmitResult
    do {
      result = try client.call("POST", "/v1/jobs", body: submission, as: SubmitResult.self)
    } catch {
      throw gpus != nil && gpuModels == nil ? ModelAdvice.explain(error) : error
    }
    if !wait {
      if global.json { return Output.json(result) }
      return Output.line(Self.announcement(of: result.jobIds, parsable: parsable))
    }
    if !global.json { Output.line(Self.announcement(of: result.jobIds, parsable: parsable)) }
    let waiter = JobWaiter(client: client, ids: result.jobIds) { line in
      // Scripts read ids from standard output: state changes go to standard error then.
      if parsable || global.json { Output.error(line) } else { Output.line(line) }
    }
    let ended = try waiter.waitUntilEnded()
    if global.json { Output.json(ended, key: "jobs") }
    let code = JobWaiter.exitCode(of: ended)
    if code != 0 { throw ExitCode(code) }
  }
}

extension Submit {
  /// What `submit` sends: a pure function of the options, the current directory and the environment.
  func submission(currentDirectory: String, environment: [String: String]) -> JobSubmission {
    var submission = JobSubmission(command: program)
    submission.name = name
    submission.cards = gpus
    submission.models = gpuModels
    submission.cpuMillis = cpus
    submission.memoryMib = mem
    submission.nodes = nodes
    submission.walltimeSeconds = time
    submission.jobClass = jobClass?.rawValue
    submission.hold = hold ? true : nil
    submission.requeue = noRequeue ? false : nil
    submission.enterprise = enterprise
    submission.array = array
    if !labels.isEmpty {
      submission.selector = Dictionary(labels.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }
    let directory = chdir ?? currentDirectory
    submission.workdir = directory.hasPrefix("/") ? directory : currentDirectory + "/" + directory
    // Names the daemon accepts; others (e.g. exported shell functions) stay behind.
    var env = exportEnvironment ? environment.filter { EnvironmentName.isValid($0.key) } : [:]
    for pair in variables { env[pair.key] = pair.value }
    submission.env = env.isEmpty ? nil : env
    return submission
  }

  /// `Submitted job 42`, `Submitted array job 42 (42-141)`; only the ids when `parsable`.
  static func announcement(of ids: [UInt64], parsable: Bool) -> String {
    if parsable { return ids.map(String.init).joined(separator: "\n") }
    guard ids.count > 1, let first = ids.first else { return "Submitted job \(ids.first ?? 0)" }
    return "Submitted array job \(first) (\(JobIDRanges.describe(ids)))"
  }
}
