import SuanliAPI
import Testing

@testable import SuanliDaemon

/// The daemon makes node tokens of the one form (NodeToken, SuanliAPI) that the agent's configuration accepts.
struct NodeTokenFormTests {
  @Test func aNewTokenHasTheFormAnAgentAccepts() {
    for _ in 0..<200 {
      let token = NodeTokens.generate()
      #expect(NodeToken.isWellFormed(token), "\(token)")
      #expect(token.count == NodeToken.prefix.count + 43)
    }
  }

  @Test(arguments: ["suanli_abc def", "other_abc", "suanli_caf\u{e9}", "suanli_a+b/c=", "Suanli_abc"])
  func otherTextIsNoToken(text: String) {
    #expect(!NodeToken.isWellFormed(text))
  }
}
