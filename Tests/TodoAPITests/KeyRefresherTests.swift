import Foundation
import JOSE
import Synchronization
import Testing
import TodoAPI

/// The background JWKS refresher: withdrawn keys go, unchanged documents change nothing, unknown kids wait for one
/// fetch at most, and the schedule honours the floor, the maximum age, max-age and the backoff.
@Suite struct KeyRefresherTests {
    /// A scripted key source: each fetch takes the next answer (the last one repeats) and counts itself.
    final class Source: Sendable {
        let answers: Mutex<[KeyFetch]>
        let fetches = Atomic<Int>(0)

        init(_ answers: [KeyFetch]) {
            self.answers = Mutex(answers)
        }

        func next() -> KeyFetch {
            fetches.add(1, ordering: .relaxed)
            return answers.withLock { answers in answers.count > 1 ? answers.removeFirst() : answers[0] }
        }
    }

    static func document(_ kids: String...) -> KeyFetch {
        let keys = kids.map { VerificationKey.hmac(secret: Array("secret of \($0)".utf8), kid: $0) }
        return .fetched(keys: keys, document: Array(kids.joined(separator: ",").utf8), maxAgeSeconds: nil)
    }

    static func kids(_ ring: KeyRing) -> [String] {
        ring.keys.compactMap(\.kid)
    }

    /// A refresher of `ring` over `source`, the `fixedKeys` first, with its first fetch done.
    static func fetched(
        _ source: Source, ring: KeyRing = KeyRing(), fixedKeys: [VerificationKey] = [], floor: Double,
        maximumAge: Double
    ) -> KeyRefresher {
        let refresher = KeyRefresher(
            keyRing: ring, fixedKeys: fixedKeys, schedule: RefreshSchedule(floor: floor, maximumAge: maximumAge),
            fetch: source.next)
        refresher.fetchNow()
        return refresher
    }

    /// Runs `refresher.run()` on a thread of its own until the test ends.
    static func running(_ refresher: KeyRefresher, _ body: () throws -> Void) rethrows {
        let ended = DispatchSemaphore(value: 0)
        Thread {
            refresher.run()
            ended.signal()
        }.start()
        defer {
            refresher.stop()
            ended.wait()
        }
        try body()
    }

    /// Polls `condition` for up to 10 s (a generous bound: only the order of events is asserted, never a duration).
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test func aWithdrawnKeyIsGoneAfterTheNextFetch() {
        let ring = KeyRing()
        let fixed = VerificationKey.hmac(secret: Array("file key".utf8), kid: "file")
        let source = Source([Self.document("a", "b"), Self.document("b")])
        let refresher = Self.fetched(source, ring: ring, fixedKeys: [fixed], floor: 0.01, maximumAge: 0.05)
        #expect(Self.kids(ring) == ["file", "a", "b"])
        Self.running(refresher) {
            #expect(Self.eventually { Self.kids(ring) == ["file", "b"] })
        }
    }

    @Test func anUnchangedDocumentDoesNotReplaceTheKeys() {
        let ring = KeyRing()
        let source = Source([Self.document("a")])
        let refresher = Self.fetched(source, ring: ring, floor: 0.01, maximumAge: 0.02)
        Self.running(refresher) {
            #expect(Self.eventually { refresher.counts.fetches >= 4 })
        }
        #expect(refresher.counts.installed == 1)
    }

    @Test func aFailedFetchKeepsTheLastGoodKeys() {
        let ring = KeyRing()
        let source = Source([Self.document("a"), .failed])
        let refresher = Self.fetched(source, ring: ring, floor: 0.01, maximumAge: 0.02)
        Self.running(refresher) {
            #expect(Self.eventually { refresher.counts.fetches >= 3 })
        }
        #expect(Self.kids(ring) == ["a"])
    }

    @Test func anUnknownKidWaitsForOneFetchThatBringsTheNewKey() {
        let ring = KeyRing()
        let source = Source([Self.document("a"), Self.document("a", "new")])
        // A maximum age of an hour: only the unknown kid can cause the second fetch.
        let refresher = Self.fetched(source, ring: ring, floor: 0.001, maximumAge: 3600)
        Self.running(refresher) {
            #expect(Self.eventually { refresher.awaitFreshKeys() })
            #expect(Self.kids(ring) == ["a", "new"])
        }
    }

    @Test func unknownKidsWithinTheFloorCauseNoFetchAndNoWait() {
        let source = Source([Self.document("a")])
        let refresher = Self.fetched(source, floor: 3600, maximumAge: 3600)
        Self.running(refresher) {
            let started = Date()
            for _ in 0..<100 { #expect(!refresher.awaitFreshKeys()) }
            #expect(Date().timeIntervalSince(started) < 1.5, "no call waited for a fetch (each would wait 2 s)")
        }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
    }

    @Test func withoutTheBackgroundThreadNothingWaits() {
        let source = Source([Self.document("a")])
        let refresher = Self.fetched(source, floor: 0.001, maximumAge: 3600)
        usleep(2_000)
        #expect(!refresher.awaitFreshKeys())
        #expect(source.fetches.load(ordering: .relaxed) == 1)
    }

    @Test func theScheduleHonoursMaxAgeTheMaximumAgeAndTheFloor() {
        let schedule = RefreshSchedule(floor: 10, maximumAge: 300)
        #expect(schedule.delay(afterSuccessWithMaxAge: nil) == 300)
        #expect(schedule.delay(afterSuccessWithMaxAge: 60) == 60)
        #expect(schedule.delay(afterSuccessWithMaxAge: 86_400) == 300)
        #expect(schedule.delay(afterSuccessWithMaxAge: 1) == 10)
        #expect(schedule.delay(afterSuccessWithMaxAge: 0) == 10)
        #expect(RefreshSchedule(floor: 60, maximumAge: 2).delay(afterSuccessWithMaxAge: nil) == 60)
    }

    @Test func failuresBackOffByDoublingUpToTheMaximumAge() {
        let schedule = RefreshSchedule(floor: 10, maximumAge: 300)
        #expect((1...7).map { schedule.delay(afterFailures: $0) } == [10, 20, 40, 80, 160, 300, 300])
        #expect(schedule.delay(afterFailures: 10_000) == 300)
        #expect(RefreshSchedule(floor: 60, maximumAge: 2).delay(afterFailures: 3) == 60)
    }
}
