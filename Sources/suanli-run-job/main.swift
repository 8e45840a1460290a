// suanli-run-job --status FILE --uid U --gid G [--groups G1,G2] --chdir DIR [--cgroup-procs F1,F2]
//   [--address-space BYTES] -- PROGRAM [ARGS…]
//
// The wrapper suanli-agent runs each job under (see JobWrapper). A separate, small executable: it starts in
// about 3 ms where suanli-agent (Foundation, ICU) takes about 20, and that is on every job's way to running.
import SuanliJobWrapper

#if canImport(Glibc)
  import Glibc
#endif

func usage(_ message: String) -> Never {
  var text = Array("suanli-run-job: \(message)\n".utf8)
  _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
  exit(2)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.first, argument != "--" {
  arguments = arguments.dropFirst()
  guard argument.hasPrefix("--"), let value = arguments.first else { usage("expected --option value, got \(argument)") }
  options[String(argument.dropFirst(2))] = value
  arguments = arguments.dropFirst()
}
let command = Array(arguments.dropFirst())
guard let status = options["status"], let uid = options["uid"].flatMap({ UInt32($0) }),
  let gid = options["gid"].flatMap({ UInt32($0) }), let workdir = options["chdir"], !command.isEmpty
else { usage("usage: suanli-run-job --status FILE --uid U --gid G [--groups G1,G2] --chdir DIR -- PROGRAM [ARGS…]") }
let groups = (options["groups"] ?? "").split(separator: ",").compactMap { UInt32($0) }
let confinement = JobWrapper.Confinement(
  cgroupProcs: (options["cgroup-procs"] ?? "").split(separator: ",").map(String.init),
  addressSpaceBytes: options["address-space"].flatMap { UInt64($0) })
JobWrapper.run(
  statusPath: status, identity: JobWrapper.Identity(uid: uid, gid: gid, groups: groups, workdir: workdir),
  confinement: confinement, command: command)
