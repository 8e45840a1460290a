import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SuanliAPI
import SuanliClient

/// HTTPS to suanlid's agents port: one keep-alive TLS connection with blocking calls (made on a
/// ``DaemonChannel``'s queue, never on an event loop), each request carrying the node's token. The daemon's
/// certificate is verified against the configured CA (or the system's roots) and must name the host.
final class TLSTransport: KeepAliveTransport {
  let address: String
  private let host: String
  private let port: Int
  private let context: NIOSSLContext
  private let authorization: String
  private let timeout: TimeAmount
  private var channel: (any Channel)?

  init(host: String, port: Int, context: NIOSSLContext, token: String, timeoutSeconds: Int) {
    self.host = host
    self.port = port
    self.address = "https://" + AddressText.hostPort(host, port)
    self.context = context
    self.authorization = "Bearer \(token)"
    self.timeout = .seconds(Int64(timeoutSeconds))
  }

  deinit { self.close() }

  var isConnected: Bool { self.channel?.isActive == true }

  func exchange(method: String, target: String, body: [UInt8]?) throws(ClientError) -> (status: Int, body: [UInt8]) {
    let channel = try self.connected()
    var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target)
    let fields = Self.requestFields(
      method: method, host: AddressText.host(self.host), userAgent: "suanli-agent",
      authorization: self.authorization, bodyLength: body?.count)
    for field in fields { head.headers.add(name: field.name, value: field.value) }
    let answer = channel.eventLoop.makePromise(of: HTTPAnswer.self)
    let request = PendingRequest(head: head, body: body.map { channel.allocator.buffer(bytes: $0) }, answer: answer)
    let timeout = self.timeout
    let deadline = channel.eventLoop.scheduleTask(in: timeout) {
      answer.fail(ChannelError.connectTimeout(timeout))
    }
    channel.writeAndFlush(request).whenFailure { answer.fail(ConnectionLost(cause: $0)) }
    do {
      let response = try answer.futureResult.wait()
      deadline.cancel()
      if response.closes { self.close() }
      return (response.status, response.body)
    } catch {
      deadline.cancel()
      self.close()
      throw self.clientError(error)
    }
  }

  /// The open connection, or a new one (TCP, then the TLS handshake as part of the first exchange).
  private func connected() throws(ClientError) -> any Channel {
    if let channel = self.channel, channel.isActive { return channel }
    self.close()
    let context = self.context
    // An IP address is checked against the certificate's IP SANs (and never sent as SNI); a name is both.
    let serverHostname: String? = (try? SocketAddress(ipAddress: self.host, port: 0)) == nil ? self.host : nil
    let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(self.timeout)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname))
          try pipeline.addHTTPClientHandlers()
          try pipeline.addHandler(TLSExchangeHandler())
        }
      }
    do {
      let channel = try bootstrap.connect(host: self.host, port: self.port).wait()
      self.channel = channel
      return channel
    } catch {
      throw .connection(self.address, "\(error)")
    }
  }

  func close() {
    self.channel?.close(promise: nil)
    self.channel = nil
  }

  /// What a failed exchange means to the caller: a timeout, a connection that ended before the answer (retried
  /// once on a reused connection), or a TLS failure (certificate not trusted, wrong host) as a connection error.
  private func clientError(_ error: any Error) -> ClientError {
    switch error {
    case ChannelError.connectTimeout: return .timeout(self.address)
    case let lost as ConnectionLost:
      guard let cause = lost.cause, (cause as? NIOSSLError) != .uncleanShutdown else { return .closedBeforeResponse }
      if cause is NIOSSLError || cause is BoringSSLError || cause is NIOSSLExtraError {
        return .connection(self.address, "TLS: \(cause)")
      }
      return .closedBeforeResponse
    default: return .connection(self.address, "\(error)")
    }
  }
}
