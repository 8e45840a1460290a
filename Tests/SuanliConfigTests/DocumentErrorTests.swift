import SuanliConfig
import Testing

/// Files that cannot be read or are not TOML; keys nobody knows.
@Suite struct DocumentErrorTests {
  @Test func malformedTOMLGivesTheLine() throws {
    let error = try #require(Doc.error(of: "[daemon]\nsocket = \"/tmp/s\"\nstate_dir = \n"))
    #expect(error.line == 3)
    #expect(error.column != nil)
    #expect(error.keyPath.isEmpty)
    #expect(error.message.hasPrefix("not valid TOML"))
    #expect(error.description.hasPrefix("test.toml:3:"))
  }

  @Test func aKeyGivenTwiceIsASyntaxError() throws {
    let error = try #require(Doc.error(of: "[nodes]\ndown_after = 60\ndown_after = 90\n"))
    #expect(error.line == 3)
  }

  @Test func unknownKeysAreRejectedEverywhere() throws {
    let top = try #require(Doc.error(of: Doc.config("[schedular]\nbackfill_depth = 3")))
    #expect(top.keyPath == "schedular")
    #expect(top.hint == "did you mean \"scheduler\"?")
    let far = try #require(Doc.error(of: Doc.config("[daemon]\nxyzzy = 1")))
    #expect(far.keyPath == "daemon.xyzzy")
    #expect(far.hint?.hasPrefix("known keys in [daemon]: ") == true)
  }

  @Test func keysThatAreNotBareAreQuotedInPaths() throws {
    let error = try #require(Doc.error(of: Doc.config(prices: "[prices.cards]\n\"nvidia-h200\" = 1\n\"a b\" = 1\n")))
    #expect(error.keyPath == "prices.cards.\"a b\"")
  }

  @Test func aMissingFileIsNamed() throws {
    let path = "/nonexistent/suanlid.toml"
    #expect {
      _ = try DaemonConfig.load(contentsOf: path, paths: Doc.paths)
    } throws: { error in
      guard let error = error as? ConfigError else { return false }
      return error.file == path && error.keyPath.isEmpty && error.message.hasPrefix("cannot open: ")
        && error.hint != nil
    }
  }

  @Test func aDirectoryIsNotAFile() throws {
    #expect {
      _ = try DaemonConfig.load(contentsOf: "/", paths: Doc.paths)
    } throws: { error in
      (error as? ConfigError)?.message.hasPrefix("cannot read: ") == true
    }
  }
}
