import Accounts
import JOSE
import Storage

/// Nanoseconds per revocation check of a verified token, the work every authenticated request adds after
/// verification: with an empty list (one atomic load) and with 10,000 revoked sessions and subjects of others.
enum RevocationBenchmark {
    static func run(seconds: Double, only: String?) -> [Measurement] {
        let now = wallClockSeconds()
        let secret = Array("todo-bench revocation secret of 32+ bytes".utf8)
        let signed = JWTSigner.hmac(secret: secret).sign(claims: [
            "sub": .string("bench-user"), "sid": .string("bench-session"), "iat": .number(now.rounded(.down)),
            "exp": .number(now + 900),
        ])
        let verifier = JWTVerifier(
            hmacSecret: secret, keyRing: KeyRing(), policy: ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 60))
        guard let token = try? verifier.verify(signed, now: now) else { fail("the revocation token does not verify") }
        let empty = RevocationList(accessTokenTTL: 900, leeway: 60)
        let full = RevocationList(accessTokenTTL: 900, leeway: 60)
        let nowMilliseconds = Int64(now * 1000)
        full.add(
            (0..<5_000).flatMap { index in
                [
                    Revocation(.session, id: "session-\(index)", revokedAt: nowMilliseconds),
                    Revocation(.subject, id: "user-\(index)", revokedAt: nowMilliseconds),
                ]
            }, now: nowMilliseconds)
        var results: [Measurement] = []
        for (name, list) in [("revocation check empty", empty), ("revocation check 10000", full)]
        where only.map(name.contains) ?? true {
            results.append(
                Measurement.run(name, seconds: seconds) {
                    Sink.shared.consume(list.isRevoked(token) ? 1 : 0)
                })
        }
        return results
    }
}
