/// Some of a shape's accepted models, as indices into its list (at most 16 models: `validate`), iterated in the
/// list's order, the job's preference. A bit mask: every job looked at computes the models it may use, and an
/// array there was an allocation each time.
struct ModelIndices: Sequence, Equatable, Sendable, ExpressibleByArrayLiteral {
  private var mask: UInt16 = 0

  init() {}

  init(arrayLiteral indices: Int...) {
    for index in indices { insert(index) }
  }

  mutating func insert(_ index: Int) {
    precondition((0..<16).contains(index), "a shape has at most 16 models")
    mask |= 1 << UInt16(index)
  }

  func contains(_ index: Int) -> Bool { (0..<16).contains(index) && mask & (1 << UInt16(index)) != 0 }

  var isEmpty: Bool { mask == 0 }

  var count: Int { mask.nonzeroBitCount }

  /// The indices for which `isIncluded` holds.
  func filter(_ isIncluded: (Int) -> Bool) -> ModelIndices {
    var kept = ModelIndices()
    for index in self where isIncluded(index) { kept.insert(index) }
    return kept
  }

  func makeIterator() -> Iterator { Iterator(rest: mask) }

  struct Iterator: IteratorProtocol {
    var rest: UInt16

    mutating func next() -> Int? {
      guard rest != 0 else { return nil }
      defer { rest &= rest - 1 }
      return rest.trailingZeroBitCount
    }
  }
}
