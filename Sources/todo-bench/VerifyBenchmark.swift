import JOSE
import JSON

/// Nanoseconds per `JWTVerifier.verify` for each algorithm family, with the verification cache off (cold) and, for
/// HS256 and EdDSA, on (warm: the same token again, as a client repeating its access token).
enum VerifyBenchmark {
    /// Keys and tokens to verify: from `bench/seed.py` (signed by PyJWT) or made here (HS256 and EdDSA only).
    struct Fixtures {
        var secret: [UInt8]
        var keys: [VerificationKey]
        /// Algorithm name (`HS256`, `EdDSA`, `ES256`, ...) to a token.
        var tokens: [String: String]
    }

    static let order = ["HS256", "EdDSA", "ES256", "RS256", "PS256"]

    static func run(fixtures: Fixtures, seconds: Double, only: String?) -> [Measurement] {
        let policy = ClaimsPolicy(issuer: nil, audience: nil, leewaySeconds: 60)
        let ring = KeyRing(fixtures.keys)
        let cold = JWTVerifier(hmacSecret: fixtures.secret, keyRing: ring, policy: policy, cacheCapacity: 0)
        let warm = JWTVerifier(hmacSecret: fixtures.secret, keyRing: ring, policy: policy)
        let now = wallClockSeconds()
        var results: [Measurement] = []
        for algorithm in order {
            guard let token = fixtures.tokens[algorithm] else { continue }
            do {
                _ = try cold.verify(token, now: now)
            } catch {
                fail("the \(algorithm) fixture token does not verify: \(error.reason)")
            }
            let repeated = algorithm == "HS256" || algorithm == "EdDSA"
            for (name, verifier) in [("verify \(algorithm) cold", cold), ("verify \(algorithm) warm", warm)]
            where (verifier === cold || repeated) && (only.map(name.contains) ?? true) {
                results.append(measure(name, verifier, token, now, seconds))
            }
        }
        return results
    }

    private static func measure(
        _ name: String, _ verifier: JWTVerifier, _ token: String, _ now: Double, _ seconds: Double
    ) -> Measurement {
        Measurement.run(name, seconds: seconds) {
            let verified = try? verifier.verify(token, now: now)
            Sink.shared.consume(verified?.subject.utf8.count ?? -1)
        }
    }

    /// Reads the JSON written by `bench/seed.py --fixtures-out`.
    static func load(_ path: String) -> Fixtures {
        guard let bytes = readFile(path), let document = try? JSONParser.parse(bytes),
            let secret = document["secret"]?.stringValue, let jwks = document["jwks"],
            let tokens = document["tokens"]?.objectValue
        else { fail("cannot read fixtures from \(path)") }
        let keys: [VerificationKey]
        do {
            keys = try JWKSet.parse(document: jwks).keys
        } catch {
            fail("the fixture keys are not a usable JWK Set: \(error.reason)")
        }
        return Fixtures(
            secret: Array(secret.utf8), keys: keys, tokens: tokens.compactMapValues { $0.stringValue })
    }

    /// HS256 and EdDSA tokens signed by this module, for a run without fixtures.
    static func generated() -> Fixtures {
        let secret = Array("todo-bench micro-benchmark secret, 32+ bytes".utf8)
        let jwk = Ed25519KeyPair.generate(kid: "micro")
        guard let signer = try? JWTSigner.ed25519(privateJWK: jwk), let publicJWK = signer.publicJWK,
            let keys = try? JWKSet.parse(document: publicJWK).keys
        else { fail("cannot make an Ed25519 key") }
        let now = wallClockSeconds()
        let claims: [String: JSONValue] = [
            "sub": .string("bench-micro"), "iat": .number(now.rounded(.down)), "exp": .number(now + 3600),
        ]
        return Fixtures(
            secret: secret, keys: keys,
            tokens: [
                "HS256": JWTSigner.hmac(secret: secret).sign(claims: claims), "EdDSA": signer.sign(claims: claims),
            ])
    }
}
