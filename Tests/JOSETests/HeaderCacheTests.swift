import Glibc
import JSON
import Testing

@testable import JOSE

/// Decoded headers are remembered by their exact encoding: a hit must give what a fresh decode gives, a header that
/// differs in any byte must be decoded on its own, and a refused header is never remembered.
@Suite struct HeaderCacheTests {
    let payload = #"{"sub":"user-1","exp":1700000900}"#

    @Test func tokensOfOneHeaderShareAnEntry() throws {
        let verifier = JWTVerifier(hmacSecret: Fixture.secret, keyRing: KeyRing([]), policy: Fixture.policy)
        for subject in ["a", "b", "c"] {
            let token = Fixture.hmacToken(
                header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"sub":"\#(subject)","exp":1700000900}"#)
            #expect(try verifier.verify(token, now: Fixture.now).subject == subject)
        }
        #expect(verifier.cachedHeaderCount == 1)
    }

    @Test func aHeaderDifferingInOneByteIsDecodedOnItsOwn() throws {
        let verifier = Fixture.verifier()
        let hs256 = Fixture.hmacToken(header: #"{"alg":"HS256"}"#, payload: payload)
        let hs384 = Fixture.hmacToken(header: #"{"alg":"HS384"}"#, payload: payload, algorithm: .hs384)
        #expect(try verifier.verifySignature(hs256).algorithm == .hs256)
        #expect(try verifier.verifySignature(hs384).algorithm == .hs384)
        #expect(verifier.cachedHeaderCount == 2)
        // The HS256 header is held; a token that claims HS256 but carries an HS384 MAC is still refused.
        let mixed = Fixture.hmacToken(header: #"{"alg":"HS256"}"#, payload: payload, algorithm: .hs384)
        #expect(Fixture.failure(mixed, verifier: verifier) == .badSignature)
        // Same length, one byte apart from a held header: `none` is refused, not served from the entry of `HS256`.
        let unsecured = Fixture.encode(#"{"alg":"none!"}"#) + "." + Fixture.encode(payload) + ".AAAA"
        #expect(Fixture.encode(#"{"alg":"none!"}"#).count == Fixture.encode(#"{"alg":"HS256"}"#).count)
        #expect(Fixture.failure(unsecured, verifier: verifier) == .unsupportedAlgorithm("none!"))
    }

    @Test func refusedHeadersAreNotRemembered() {
        let verifier = Fixture.verifier()
        let critical = Fixture.hmacToken(header: #"{"alg":"HS256","crit":["exp"]}"#, payload: payload)
        let unsecured = Fixture.encode(#"{"alg":"none"}"#) + "." + Fixture.encode(payload) + ".AAAA"
        let notJSON = Fixture.encode(#"{"alg":"HS256""#) + "." + Fixture.encode(payload) + ".AAAA"
        for _ in 0..<2 {
            #expect(Fixture.failure(critical, verifier: verifier) == .unsupportedCritical)
            #expect(Fixture.failure(unsecured, verifier: verifier) == .unsecured)
            #expect(Fixture.failure(notJSON, verifier: verifier) == .malformed("header is not JSON"))
        }
        #expect(verifier.cachedHeaderCount == 0)
    }

    @Test func moreHeadersThanRoomStillVerifyEachByItsOwn() throws {
        let verifier = Fixture.verifier()
        let cache = HeaderCache()
        for round in 0..<3 {
            for index in 0..<(cache.capacity * 2) {
                let token = Fixture.hmacToken(header: #"{"alg":"HS256","n":\#(index)}"#, payload: payload)
                _ = try verifier.verify(token, now: Fixture.now + Double(round))
                #expect(try verifier.verifySignature(token).header["n"] == .number(Double(index)))
            }
        }
        #expect(verifier.cachedHeaderCount == cache.capacity)
    }

    @Test func aCacheWithoutRoomHoldsNothing() {
        let cache = HeaderCache(capacity: 0)
        let encoded = Array("eyJhbGciOiJIUzI1NiJ9".utf8)
        let decoded = HeaderCache.Decoded(
            members: ["alg": .string("HS256")], rules: try! ProtectedHeader(["alg": .string("HS256")]))
        encoded.withUnsafeBufferPointer { cache.insert($0, decoded) }
        #expect(encoded.withUnsafeBufferPointer { cache.lookup($0) } == nil)
        #expect(cache.count == 0)
    }

    /// Four threads verify tokens of sixteen headers (twice the room) at once: every answer must be the token's own.
    @Test func concurrentUseGivesEachTokenItsOwnHeader() {
        let verifier = JWTVerifier(
            hmacSecret: Fixture.secret, keyRing: KeyRing([]), policy: Fixture.policy, cacheCapacity: 0)
        let tokens = (0..<16).map { index in
            Fixture.hmacToken(header: #"{"alg":"HS256","n":\#(index)}"#, payload: payload)
        }
        let wrong = SharedCounter()
        runConcurrently(threads: 4) { thread in
            for round in 0..<500 {
                let index = (thread * 5 + round) % tokens.count
                let verified = try? verifier.verifySignature(tokens[index])
                if verified?.header["n"] != .number(Double(index)) { wrong.add() }
            }
        }
        #expect(wrong.value == 0)
    }
}

/// A counter several threads add to.
private final class SharedCounter: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var count = 0
    init() { pthread_mutex_init(&mutex, nil) }
    func add() {
        pthread_mutex_lock(&mutex)
        count += 1
        pthread_mutex_unlock(&mutex)
    }
    var value: Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return count
    }
}

/// Runs `body(thread)` on `threads` POSIX threads at once and waits for all of them.
private func runConcurrently(threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
    final class Work: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let handles = (0..<threads).map { thread -> pthread_t in
        var handle = pthread_t()
        let work = Unmanaged.passRetained(Work { body(thread) }).toOpaque()
        let started = pthread_create(
            &handle, nil,
            { argument in
                let work = Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue()
                work.body()
                return nil
            }, work)
        precondition(started == 0, "pthread_create failed")
        return handle
    }
    for handle in handles { pthread_join(handle, nil) }
}
