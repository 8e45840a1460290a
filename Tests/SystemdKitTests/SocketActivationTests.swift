import Foundation
import SystemdKit
import Testing

extension ProcessEnvironmentTests {
  /// Socket activation for real: `systemd-socket-activate` binds a socket, starts this test binary as the daemon would
  /// be started (the ``Probes/socketActivation()`` half), and the connection made here is answered through the
  /// inherited descriptor. The in-process cases cover what must come out empty; they never touch fd 3.
  @Suite struct SocketActivationTests {
    static let socketActivate = ["/usr/bin/systemd-socket-activate", "/lib/systemd/systemd-socket-activate"]
      .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: socketActivate != nil, "systemd-socket-activate is not installed"))
    func childReceivesTheNamedListeningSocket() throws {
      let directory = try TemporaryDirectory()
      let socketPath = directory.file("api.sock")
      let reportPath = directory.file("report")
      var environment = ProcessInfo.processInfo.environment
      environment[Probe.variable] = Probe.socketActivation.rawValue
      environment[Probe.reportVariable] = reportPath
      let activator = try ChildProcess(
        try #require(Self.socketActivate),
        ["-l", socketPath, "--fdname=api", "-E", Probe.variable, "-E", Probe.reportVariable]
          + Probe.socketActivation.childCommand,
        environment: environment,
        outputPath: directory.file("output")
      )

      // systemd-socket-activate starts the child at the first connection.
      let client = try UnixSocket(type: Int32(SOCK_STREAM.rawValue))
      try connectWhenBound(client, to: socketPath, attempts: 600)
      client.setReceiveTimeout(seconds: 120)
      #expect(client.receive() == "hello from api")

      let status = activator.wait(seconds: 120)
      #expect(status == 0, "child output:\n\(activator.output)")
      let report = try String(contentsOfFile: reportPath, encoding: .utf8)
      #expect(report == "3:api\nunix-stream\nunset,unset,unset", "fd:name, kind, LISTEN_* variables after the call")
    }

    @Test func nothingWhenNoSocketsWerePassed() {
      withEnvironment(["LISTEN_FDS": nil, "LISTEN_PID": nil, "LISTEN_FDNAMES": nil]) {
        #expect(SocketActivation.listenFileDescriptors() == [])
      }
    }

    @Test func nothingWhenTheSocketsAreForAnotherProcess() {
      withEnvironment(["LISTEN_FDS": "1", "LISTEN_PID": String(getppid()), "LISTEN_FDNAMES": "api"]) {
        #expect(SocketActivation.listenFileDescriptors() == [])
      }
    }

    @Test func recognisesListeningUnixStreamSockets() throws {
      let directory = try TemporaryDirectory()
      let listening = try UnixSocket.listening(at: directory.file("stream"))
      let datagram = try UnixSocket.datagram(boundAt: directory.file("datagram"))
      let unconnected = try UnixSocket(type: Int32(SOCK_STREAM.rawValue))
      var pipeEnds: [Int32] = [0, 0]
      try #require(pipe(&pipeEnds) == 0)
      defer { pipeEnds.forEach { close($0) } }

      #expect(SocketActivation.isUnixStreamSocket(listening.fd))
      #expect(!SocketActivation.isUnixStreamSocket(datagram.fd))
      #expect(!SocketActivation.isUnixStreamSocket(unconnected.fd))
      #expect(!SocketActivation.isUnixStreamSocket(pipeEnds[0]))
    }

    private func connectWhenBound(_ client: UnixSocket, to path: String, attempts: Int) throws {
      for _ in 1..<attempts {
        if (try? client.connect(path)) != nil { return }
        usleep(50_000)
      }
      try client.connect(path)
    }
  }
}
