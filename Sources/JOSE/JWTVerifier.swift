import JSON
import Metrics

/// Verifies compact JWS tokens and their claims. Thread-safe; keep one per process.
///
/// Order of work: form and size, header rules (`alg`, `crit`, `kid`), key selection, signature, and only then the
/// payload is decoded and the claims checked.
public final class JWTVerifier: Sendable {
    /// Longest token accepted, in bytes.
    public static let maximumTokenLength = 8192

    /// What the claims must satisfy.
    public let policy: ClaimsPolicy
    /// The asymmetric (and any JWKS symmetric) keys; replace them at run time through this ring.
    public let keyRing: KeyRing
    private let secret: HMACKey?
    private let cache: VerificationCache
    private let headers = HeaderCache()
    /// Tokens found verified in the cache (neither parsed nor their signature checked again).
    public let cacheHits = Counter()
    /// Tokens not in the cache: parsed and checked in full.
    public let cacheMisses = Counter()

    /// A verifier that accepts HS256/384/512 with `hmacSecret` (nil or empty: no HMAC) and any algorithm of `keys`.
    public convenience init(hmacSecret: [UInt8]?, keys: [VerificationKey] = [], policy: ClaimsPolicy) {
        self.init(hmacSecret: hmacSecret, keyRing: KeyRing(keys), policy: policy)
    }

    /// A verifier that reads its asymmetric keys from a ring the caller may refill.
    /// - Parameter cacheCapacity: how many verified tokens to remember (0: no cache).
    public init(hmacSecret: [UInt8]?, keyRing: KeyRing, policy: ClaimsPolicy, cacheCapacity: Int = 4096) {
        cache = VerificationCache(capacity: cacheCapacity)
        if let hmacSecret, !hmacSecret.isEmpty {
            secret = HMACKey(secret: hmacSecret)
        } else {
            secret = nil
        }
        self.keyRing = keyRing
        self.policy = policy
    }

    /// Verifies the signature and the claims of `token` at `now` (Unix seconds).
    ///
    /// Verified tokens are remembered by the SHA-256 of their bytes (any algorithm), so a client sending the same
    /// token again pays for parsing and the signature once; the time claims are checked every time, the others depend
    /// only on the token and the fixed policy. The digest is computed once per call, for the lookup and the insert.
    public func verify(_ token: String, now: Double) throws(JWTError) -> VerifiedJWT {
        guard token.utf8.count <= Self.maximumTokenLength else { throw .tooLarge }
        let generation = keyRing.generation
        let key = cache.capacity > 0 ? VerificationCache.Key(token: token) : nil
        if let key {
            if let cached = cache.lookup(key, keyGeneration: generation, now: now) {
                cacheHits.add()
                return cached
            }
            cacheMisses.add()
        }
        let jws = try CompactJWS.parse(token, maximumLength: Self.maximumTokenLength, headers: headers)
        let algorithm = try verifySignature(of: jws)
        let claims = try jws.decodeClaims()
        let checked = try ClaimsValidator.validate(claims, policy: policy, now: now)
        let verified = VerifiedJWT(
            subject: checked.subject, sessionID: claims["sid"]?.stringValue, issuedAt: claims["iat"]?.numberValue,
            expiresAt: checked.expiresAt, algorithm: algorithm)
        if let key {
            cache.insert(
                key, verified: verified, keyGeneration: generation,
                usableFrom: checked.usableFrom - policy.leeway, usableUntil: checked.expiresAt + policy.leeway,
                now: now)
        }
        return verified
    }

    /// How many verified tokens are remembered (for tests and diagnostics).
    public var cachedTokenCount: Int { cache.count }

    /// How many decoded headers are remembered (for tests).
    var cachedHeaderCount: Int { headers.count }

    /// Verifies only the signature of a compact JWS and returns its payload bytes, which need not be JSON. No claim is
    /// checked: use `verify(_:now:)` for tokens.
    public func verifySignature(_ token: String) throws(JWTError) -> VerifiedJWS {
        let jws = try CompactJWS.parse(token, maximumLength: Self.maximumTokenLength, headers: headers)
        let algorithm = try verifySignature(of: jws)
        return VerifiedJWS(header: jws.header.members, payload: try jws.decodePayload(), algorithm: algorithm)
    }

    @discardableResult
    private func verifySignature(of jws: CompactJWS) throws(JWTError) -> JWSAlgorithm {
        let header = jws.header.rules
        let algorithm = header.algorithm
        let namesSymmetricKey =
            algorithm.isHMAC && header.kid != nil
            && keyRing.keys.contains { $0.kid == header.kid && $0.algorithm.isHMAC }
        if algorithm.isHMAC, let secret, !namesSymmetricKey {
            // The configured secret answers for HMAC tokens, unless their kid names an (explicitly allowed)
            // symmetric key of the JWKS: that key alone then decides.
            guard jws.withSigningInput({ secret.verify(jws.signature, over: $0, algorithm: algorithm) }) else {
                throw .badSignature
            }
            return algorithm
        }
        let candidates = try keys(for: algorithm, kid: header.kid)
        let verified = jws.withSigningInput { input in
            candidates.contains { $0.verify(jws.signature, over: input) }
        }
        guard verified else { throw .badSignature }
        return algorithm
    }

    /// The keys a token may be checked with: those named by its kid, or without a kid those of its algorithm.
    private func keys(for algorithm: JWSAlgorithm, kid: String?) throws(JWTError) -> [VerificationKey] {
        let keys = keyRing.keys
        if algorithm.isHMAC, !keys.contains(where: { $0.algorithm.isHMAC }) {
            throw .algorithmNotAllowed
        }
        guard let kid else {
            let matching = keys.filter { $0.algorithm == algorithm }
            guard !matching.isEmpty else { throw .algorithmNotAllowed }
            return matching
        }
        let named = keys.filter { $0.kid == kid }
        guard !named.isEmpty else { throw .unknownKey }
        let matching = named.filter { $0.algorithm == algorithm }
        guard !matching.isEmpty else { throw .algorithmNotAllowed }
        return matching
    }
}
