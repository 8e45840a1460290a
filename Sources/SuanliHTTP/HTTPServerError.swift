/// Why the server could not start listening.
public struct HTTPServerError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure; new kinds may be added.
  public struct Code: Sendable, Hashable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { self.name }

    /// Another server answers on the socket path.
    public static let alreadyListening = Code("already_listening")
    /// The socket path is unusable: too long, or taken by something that is not a socket.
    public static let invalidPath = Code("invalid_path")
    /// The socket's directory could not be created, or the socket could not be bound or made accessible.
    public static let cannotBind = Code("cannot_bind")
    /// The inherited descriptor is not a listening Unix stream socket.
    public static let invalidDescriptor = Code("invalid_descriptor")
    /// The TLS certificate or private key cannot be read, or they do not belong together.
    public static let invalidCertificate = Code("invalid_certificate")
  }

  /// The kind of failure.
  public var code: Code
  /// A sentence for the operator, naming the path, descriptor, address or file.
  public var message: String

  /// Creates an error.
  public init(code: Code, message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { self.message }
}
