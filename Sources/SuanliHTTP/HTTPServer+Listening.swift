import CSystemd
import Glibc
import NIOCore
import NIOPosix
import NIOSSL

extension HTTPServer {
  typealias Listener = NIOAsyncChannel<AcceptedConnection, Never>

  /// Binds (or adopts) the listening socket and sets up how accepted connections are initialized.
  func bind() async throws -> Listener {
    let idleTimeout = TimeAmount(self.idleTimeout)
    let firstRequestDeadline = self.firstRequest.map { TimeAmount($0.deadline) }
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
    switch self.listen {
    case .path(let path):
      try UnixSocketPath.prepare(path)
      let listener: Listener
      do {
        listener = try await bootstrap.bind(unixDomainSocketPath: path) { channel in
          AcceptedConnection.initialize(
            channel, idleTimeout: idleTimeout, firstRequestDeadline: firstRequestDeadline, tls: nil)
        }
      } catch {
        throw HTTPServerError(code: .cannotBind, message: "cannot listen on \(path): \(error)")
      }
      do {
        try UnixSocketPath.makeWorldConnectable(path)
      } catch {
        try? await listener.channel.close()
        throw error
      }
      return listener
    case .inheritedDescriptor(let descriptor):
      // NIO traps on a negative descriptor; a socket of another kind would fail later and obscurely.
      guard descriptor >= 0, sd_is_socket_unix(descriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
        throw HTTPServerError(
          code: .invalidDescriptor,
          message: "file descriptor \(descriptor) is not a listening Unix stream socket"
        )
      }
      do {
        return try await bootstrap.bind(descriptor) { channel in
          AcceptedConnection.initialize(
            channel, idleTimeout: idleTimeout, firstRequestDeadline: firstRequestDeadline, tls: nil)
        }
      } catch {
        throw HTTPServerError(code: .cannotBind, message: "cannot serve file descriptor \(descriptor): \(error)")
      }
    case .inheritedTLS(let descriptor, let endpoint):
      guard descriptor >= 0, sd_is_socket_inet(descriptor, AF_UNSPEC, Int32(SOCK_STREAM.rawValue), 1, 0) > 0 else {
        throw HTTPServerError(
          code: .invalidDescriptor, message: "file descriptor \(descriptor) is not a listening TCP socket")
      }
      let context = try endpoint.makeContext()
      do {
        return try await bootstrap.bind(descriptor) { channel in
          AcceptedConnection.initialize(
            channel, idleTimeout: idleTimeout, firstRequestDeadline: firstRequestDeadline, tls: context)
        }
      } catch {
        throw HTTPServerError(code: .cannotBind, message: "cannot serve file descriptor \(descriptor): \(error)")
      }
    case .tls(let endpoint):
      let context = try endpoint.makeContext()
      do {
        return try await bootstrap.serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
          .bind(host: endpoint.host, port: endpoint.port) { channel in
            AcceptedConnection.initialize(
              channel, idleTimeout: idleTimeout, firstRequestDeadline: firstRequestDeadline, tls: context)
          }
      } catch {
        throw HTTPServerError(code: .cannotBind, message: "cannot listen on \(endpoint): \(error)")
      }
    }
  }
}
