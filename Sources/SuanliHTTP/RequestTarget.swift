/// The request-target of a request line, split into a decoded path and query.
struct RequestTarget: Equatable {
  var path: String
  var query: [Pair]

  struct Pair: Equatable {
    var name: String
    var value: String
  }

  /// Why a request-target was refused.
  struct Invalid: Error, Equatable {
    var reason: String
  }

  /// Parses an origin-form target (`/v1/jobs?state=pending`) or an absolute-form one
  /// (`http://localhost/v1/jobs`). The target must be ASCII; percent-escapes must be well-formed and decode to
  /// UTF-8; a fragment, if a client sent one, is ignored.
  init(parsing target: String) throws(Invalid) {
    guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      throw Invalid(reason: "the request target contains bytes that are not printable ASCII")
    }
    var rest = Substring(target)
    if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
    if !rest.hasPrefix("/") {
      rest = try Self.droppingSchemeAndAuthority(rest)
    }
    let pathPart: Substring
    let queryPart: Substring?
    if let mark = rest.firstIndex(of: "?") {
      pathPart = rest[..<mark]
      queryPart = rest[rest.index(after: mark)...]
    } else {
      pathPart = rest
      queryPart = nil
    }
    self.path = try PercentDecoding.decode(pathPart, plusAsSpace: false)
    self.query = try queryPart.map(Self.parseQuery) ?? []
  }

  private static func droppingSchemeAndAuthority(_ target: Substring) throws(Invalid) -> Substring {
    let lowered = target.lowercased()
    guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
      throw Invalid(reason: "the request target must start with '/'")
    }
    let afterScheme = target[target.index(target.firstIndex(of: ":") ?? target.startIndex, offsetBy: 3)...]
    guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
    return afterScheme[slash] == "/" ? afterScheme[slash...] : Substring("/" + afterScheme[slash...])
  }

  private static func parseQuery(_ query: Substring) throws(Invalid) -> [Pair] {
    var pairs: [Pair] = []
    for item in query.split(separator: "&", omittingEmptySubsequences: true) {
      let name: Substring
      let value: Substring
      if let equals = item.firstIndex(of: "=") {
        name = item[..<equals]
        value = item[item.index(after: equals)...]
      } else {
        name = item
        value = ""
      }
      pairs.append(
        Pair(
          name: try PercentDecoding.decode(name, plusAsSpace: true),
          value: try PercentDecoding.decode(value, plusAsSpace: true)
        )
      )
    }
    return pairs
  }
}

/// `%XX` decoding of URL components.
enum PercentDecoding {
  /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`); the result must be valid UTF-8.
  static func decode(_ text: Substring, plusAsSpace: Bool) throws(RequestTarget.Invalid) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "%"):
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
          throw RequestTarget.Invalid(reason: "a '%' in the request target is not followed by two hex digits")
        }
        bytes.append(high << 4 | low)
      case UInt8(ascii: "+") where plusAsSpace:
        bytes.append(UInt8(ascii: " "))
      default:
        bytes.append(byte)
      }
    }
    guard let decoded = String(validating: bytes, as: UTF8.self) else {
      throw RequestTarget.Invalid(reason: "the request target does not decode to valid UTF-8")
    }
    return decoded
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
