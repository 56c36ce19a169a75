import Testing

@testable import PostgresStorage

@Suite struct PGTextTests {
    private let samples = [
        "", "plain", "nul\u{0}inside", "\u{1}\u{1f} control", "\u{0}\u{1}\u{2}", "\u{1}", "\u{0}", "end\u{0}",
        "émoji 📝 \u{0} 日本語", "\u{2}\u{1}\u{0}",
    ]

    @Test func roundTripsEveryStringExactly() {
        for text in samples {
            let stored = PGText.encode(text)
            #expect(!stored.utf8.contains(0), "\(stored.debugDescription)")
            #expect(PGText.decode(stored) == text, "\(text.debugDescription)")
        }
    }

    @Test func leavesOrdinaryTextUnchanged() {
        for text in ["plain", "émoji 📝 日本語", "%_*?[]{}", "\u{2}\u{1f}"] {
            #expect(PGText.encode(text) == text)
        }
    }

    @Test func keepsCodePointOrder() {
        func precedes(_ left: String, _ right: String) -> Bool {
            left.unicodeScalars.map(\.value).lexicographicallyPrecedes(right.unicodeScalars.map(\.value))
        }
        let byOriginal = samples.sorted(by: precedes)
        let byStored = samples.sorted { precedes(PGText.encode($0), PGText.encode($1)) }
        #expect(byOriginal == byStored)
    }
}
