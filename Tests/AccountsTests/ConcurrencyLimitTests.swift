import Foundation
import Locks
import Synchronization
import Testing

@testable import Accounts

@Suite struct ConcurrencyLimitTests {
    /// Counts bodies running at once and the most ever seen.
    final class Gauge: Sendable {
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)

        func enter() {
            let now = running.add(1, ordering: .sequentiallyConsistent).newValue
            peak.max(now, ordering: .sequentiallyConsistent)
        }

        func leave() {
            running.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    @Test(arguments: [1, 2, 3])
    func neverRunsMoreThanTheLimit(limit: Int) {
        let limiter = ConcurrencyLimiter(limit: limit)
        let gauge = Gauge()
        let finished = Atomic<Int>(0)
        runOnThreads(
            (0..<12).map { _ in
                {
                    limiter.run {
                        gauge.enter()
                        usleep(20_000)
                        gauge.leave()
                    }
                    finished.add(1, ordering: .sequentiallyConsistent)
                }
            })
        #expect(gauge.peak.load(ordering: .sequentiallyConsistent) == limit)
        #expect(limiter.peak == limit)
        #expect(finished.load(ordering: .sequentiallyConsistent) == 12)
    }

    @Test func twentySimultaneousSignInsHashTwoAtATime() {
        let hasher = ServiceFixture.hasher
        #expect(hasher.maxConcurrentHashes == 2)
        let results = Atomic<Int>(0)
        runOnThreads(
            (0..<20).map { index in
                {
                    if index.isMultiple(of: 2) {
                        try? hasher.verifyDummy("password \(index)")
                    } else if (try? hasher.verify("password", stored: PasswordVectors.asciiHash)) == false {
                        results.add(1, ordering: .sequentiallyConsistent)
                    }
                }
            })
        #expect(results.load(ordering: .sequentiallyConsistent) == 10)
        #expect(hasher.limiter.peak == 2)
    }
}
