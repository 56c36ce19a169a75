import Testing

@testable import Accounts

@Suite struct NormalizationTests {
    @Test(arguments: [
        ("ｆｕｌｌ", "full"), ("ﬁ", "fi"), ("①", "1"), ("Cafe\u{301}", "Caf\u{E9}"), ("Å", "\u{C5}"),
        ("plain", "plain"),
    ])
    func libunistringAppliesNFKC(_ input: String, _ expected: String) {
        #expect(PasswordNormalization.bytes(input) == Array(expected.utf8))
    }
}
