/// An ordered list of HTTP header fields that keeps repeated names, looked up case-insensitively by name.
public struct HTTPHeaderFields: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
  /// One header field.
  public typealias Element = (name: String, value: String)

  /// The fields, in the order they were received or added.
  public private(set) var fields: [Element]

  /// Creates header fields from name/value pairs, keeping their order.
  public init(_ fields: [Element] = []) {
    self.fields = fields
  }

  public init(arrayLiteral elements: Element...) {
    self.fields = elements
  }

  public var startIndex: Int { self.fields.startIndex }
  public var endIndex: Int { self.fields.endIndex }
  public subscript(position: Int) -> Element { self.fields[position] }

  /// The value of the first field named `name` (case-insensitive), or `nil`.
  public subscript(name: String) -> String? {
    self.fields.first { Self.sameName($0.name, name) }?.value
  }

  /// The values of every field named `name` (case-insensitive), in order.
  public func values(for name: String) -> [String] {
    self.fields.filter { Self.sameName($0.name, name) }.map(\.value)
  }

  /// Whether a field named `name` (case-insensitive) is present.
  public func contains(_ name: String) -> Bool {
    self.fields.contains { Self.sameName($0.name, name) }
  }

  /// Appends a field, keeping any earlier field of the same name.
  public mutating func append(name: String, value: String) {
    self.fields.append((name, value))
  }

  /// Removes every field named `name` (case-insensitive), then appends one with `value`.
  public mutating func replaceOrAdd(name: String, value: String) {
    self.remove(name)
    self.fields.append((name, value))
  }

  /// Removes every field named `name` (case-insensitive).
  public mutating func remove(_ name: String) {
    self.fields.removeAll { Self.sameName($0.name, name) }
  }

  /// Header names are ASCII tokens: compare them ASCII-case-insensitively, without allocating.
  static func sameName(_ lhs: String, _ rhs: String) -> Bool {
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    return zip(lhs.utf8, rhs.utf8).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
  }

  private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
  }
}
