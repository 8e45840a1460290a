public import ArgumentParser
internal import Foundation
public import SuanliClient
internal import SuanliConfig

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "suanlid's socket (default: $SUANLI_SOCKET, else your own daemon's, else the system's).")
  public var socket: String?

  @Flag(name: .long, help: "Print JSON (with a \"schema\" version field) instead of a table.")
  public var json = false

  public init() {}

  /// The socket to talk to: --socket, $SUANLI_SOCKET, else the first default path that exists.
  public var socketPath: String {
    if let socket { return socket }
    if let fromEnvironment = ProcessInfo.processInfo.environment["SUANLI_SOCKET"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    let candidates = DefaultPaths.current.clientSocketCandidates
    return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates.last
      ?? DefaultPaths.systemSocketPath
  }

  /// A client of the daemon; calls throw `CLIError`s.
  public func client() -> CLIClient { CLIClient(SuanliClient(socketPath: socketPath)) }
}

/// The API client, with its errors turned into what a user should read.
public struct CLIClient {
  public let base: SuanliClient

  init(_ base: SuanliClient) { self.base = base }

  public func call<T: Decodable>(_ method: String, _ target: String, as type: T.Type) throws(CLIError) -> T {
    do { return try base.call(method, target, as: type) } catch { throw CLIError(error) }
  }

  public func call<T: Decodable>(_ method: String, _ target: String, body: some Encodable, as type: T.Type)
    throws(CLIError) -> T
  {
    do { return try base.call(method, target, body: body, as: type) } catch { throw CLIError(error) }
  }
}
