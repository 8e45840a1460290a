import Testing
@testable import SuanliCore
@Test func smoke() { #expect(1 + 1 == 2) }
