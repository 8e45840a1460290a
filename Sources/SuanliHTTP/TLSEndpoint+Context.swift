import NIOSSL

extension TLSEndpoint {
  /// The TLS server context for the certificate and key; fails with an error naming the file at fault.
  func makeContext() throws(HTTPServerError) -> NIOSSLContext {
    let chain: [NIOSSLCertificate]
    do {
      chain = try NIOSSLCertificate.fromPEMFile(self.certificatePath)
    } catch {
      throw HTTPServerError(
        code: .invalidCertificate, message: "cannot read the certificate \(self.certificatePath): \(error)")
    }
    guard !chain.isEmpty else {
      throw HTTPServerError(
        code: .invalidCertificate, message: "the certificate file \(self.certificatePath) holds no PEM certificate")
    }
    let key: NIOSSLPrivateKey
    do {
      key = try NIOSSLPrivateKey(file: self.privateKeyPath, format: .pem)
    } catch {
      throw HTTPServerError(
        code: .invalidCertificate, message: "cannot read the private key \(self.privateKeyPath): \(error)")
    }
    var configuration = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    configuration.minimumTLSVersion = .tlsv12
    do {
      return try NIOSSLContext(configuration: configuration)
    } catch {
      throw HTTPServerError(
        code: .invalidCertificate,
        message:
          "the certificate \(self.certificatePath) and key \(self.privateKeyPath) do not make a TLS context: \(error)"
      )
    }
  }
}
