import Testing

@testable import SuanliCore

/// A tree of card times knows, for every subtree and count of cards, its earliest time and the lowest node that
/// has it. In any order of nodes joining, leaving and changing, the root must say what a look at every leaf says.
@Suite("Card time tree") struct CardTimeTreeTests {
  @Test("Thousands of changes keep every subtree's earliest times those of its halves")
  func rootSaysWhatEveryLeafSays() {
    var rng = ScenarioRNG(seed: 5)
    var tree = CardTimeTree()
    var leaves: [Int32: Int32] = [:]  // node → leaf
    var times: [Int32: [Time]] = [:]
    for round in 0..<4_000 {
      let node = Int32(rng.int(0...299))
      if let leaf = leaves[node], rng.chance(0.2) {
        tree.remove(leaf: leaf)
        leaves[node] = nil
        times[node] = nil
      } else {
        let leaf = leaves[node] ?? tree.add(node)
        leaves[node] = leaf
        // Times rise with the count of cards; few values, so ties are common; some counts never free up.
        var next = Time(rng.int(-5...5))
        let new = (1...CardTimeTree.counts).map { _ in
          next += Time(rng.int(0...3))
          return rng.chance(0.1) ? Time.max : next
        }
        tree.set(leaf: leaf, times: new)
        times[node] = new
      }
      if round % 50 == 0 {
        #expect(tree.isConsistent)
        tree.settle()
        for cards in 1...CardTimeTree.counts {
          let earliest = times.map { (time: $0.value[cards - 1], node: $0.key) }.min {
            ($0.time, $0.node) < ($1.time, $1.node)
          }
          #expect(tree.time(at: 1, cards: cards) == earliest.map(\.time) ?? .max)
          if let earliest, earliest.time != .max { #expect(tree.earliestNode(at: 1, cards: cards) == earliest.node) }
        }
      }
    }
    #expect(tree.capacity >= 256)
  }
}
