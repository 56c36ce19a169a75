import Accounts
import JOSE

/// Turns the Authorization header into the caller's user id (the token's `sub`), or a 401.
/// Only the header counts: never a query parameter or a cookie.
public struct Authenticator: Sendable {
    private let verifier: JWTVerifier
    private let keyRefresher: KeyRefresher?
    /// The revoked sessions and subjects; a valid token among them is refused.
    public let revocations: RevocationList?

    /// - Parameters:
    ///   - keyRefresher: asked for fresh keys (and waited for, at most 2 s) when a token names an unknown `kid`
    ///     (JWKS_URL).
    ///   - revocations: the process's revocation list (nil: nothing is ever revoked).
    public init(verifier: JWTVerifier, keyRefresher: KeyRefresher? = nil, revocations: RevocationList? = nil) {
        self.verifier = verifier
        self.keyRefresher = keyRefresher
        self.revocations = revocations
    }

    /// The verified subject, or the 401 to answer.
    public func authenticate(_ request: APIRequest, now: Double) -> Result<String, APIError> {
        verifiedToken(request, now: now).map { $0.subject }
    }

    /// The verified token, or the 401 to answer (`Invalid token: revoked` for a revoked one, unless
    /// `acceptingRevoked`: signing out of a session that is already over succeeds again).
    public func verifiedToken(
        _ request: APIRequest, now: Double, acceptingRevoked: Bool = false
    ) -> Result<VerifiedJWT, APIError> {
        let verified = validToken(request, now: now)
        if !acceptingRevoked, case .success(let token) = verified, revocations?.isRevoked(token) == true {
            return .failure(.invalidToken(reason: "revoked"))
        }
        return verified
    }

    private func validToken(_ request: APIRequest, now: Double) -> Result<VerifiedJWT, APIError> {
        switch request.authorization.count {
        case 0: return .failure(.notAuthenticated)
        case 1: break
        default: return .failure(.ambiguousCredentials)
        }
        guard let token = Self.bearerToken(request.authorization[0]) else { return .failure(.notAuthenticated) }
        do {
            return .success(try verifier.verify(token, now: now))
        } catch .unknownKey where keyRefresher?.awaitFreshKeys() == true {
            do {
                return .success(try verifier.verify(token, now: now))
            } catch {
                return .failure(.invalidToken(reason: error.reason))
            }
        } catch {
            return .failure(.invalidToken(reason: error.reason))
        }
    }

    /// The token of a `Bearer` credential (scheme case-insensitive), or nil for another scheme or an
    /// empty or space-containing token. Spaces and tabs around the credential and before the token are ignored.
    /// Read on the header's bytes: this runs for every request.
    static func bearerToken(_ header: String) -> String? {
        var header = header
        return header.withUTF8 { bytes -> String? in
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            var start = 0
            var end = bytes.count
            while start < end, isBlank(bytes[start]) { start += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            // "bearer" in any case (x | 0x20 is a lower-case letter only for that letter, in either case), a space.
            let scheme = "bearer".utf8
            guard end - start > scheme.count, bytes[start + scheme.count] == 0x20 else { return nil }
            for (offset, letter) in scheme.enumerated() where bytes[start + offset] | 0x20 != letter { return nil }
            var tokenStart = start + scheme.count + 1
            while tokenStart < end, isBlank(bytes[tokenStart]) { tokenStart += 1 }
            let token = UnsafeBufferPointer(rebasing: bytes[tokenStart..<end])
            guard !token.isEmpty, !token.contains(0x20) else { return nil }
            return String(decoding: token, as: UTF8.self)
        }
    }
}
