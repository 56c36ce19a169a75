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
        verifiedToken(request, now: now).map(\.subject)
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
    /// empty or space-containing token.
    static func bearerToken(_ header: String) -> String? {
        let trimmed = header.trimmingASCIISpaces()
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        guard trimmed[..<space].lowercased() == "bearer" else { return nil }
        let token = trimmed[space...].trimmingASCIISpaces()
        guard !token.isEmpty, !token.utf8.contains(UInt8(ascii: " ")) else { return nil }
        return String(token)
    }
}

extension StringProtocol {
    func trimmingASCIISpaces() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return self[start..<end]
    }
}
