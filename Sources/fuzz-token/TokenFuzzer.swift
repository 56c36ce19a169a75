import JOSE
import JSON

/// One fuzz input through token verification, the JSON parser and base64url. Traps (through `fatalError`)
/// when a property fails, so that libFuzzer keeps the input as a crash.
///
/// Checked on every input:
/// - `JWTVerifier.verify` and `verifySignature` never crash; a token that verifies has a non-empty subject and
///   also passes `verifySignature`;
/// - a verifier with a cache and one without agree, on the first call and on the second (a cache hit);
/// - `JSONParser.parse`: a parsed value serializes to JSON that parses back to the same value;
/// - `Base64URL.decode`: decoded bytes encode back to exactly the input (every byte string has one encoding).
enum TokenFuzzer {
    /// The fixed time of the check, in Unix seconds: the asymmetric seed tokens are valid then.
    static let now: Double = 1_700_000_000
    static let origin = "https://app.example"
    static let secret = Array("fuzz-token-hmac-secret-of-at-least-32-bytes".utf8)

    /// Ed25519 `ed-1`, P-256 `p256` and RSA-2048 `rsa-RS256` public keys (from the JOSE tests' independent
    /// vectors, made with Python's `cryptography`).
    static let jwks =
        #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"7_AJbeQV0JaxpH9KnXYW9nd1P_cOJub5dx1fNhijME0","kid":"ed-1","#
        + #""alg":"EdDSA","use":"sig"},{"kty":"EC","crv":"P-256","x":"Nm47clC8Y9B6SUczfSBiiS1VREbuh0eIgiStxwmNL5I","#
        + #""y":"IWiuNpNG6xLJT7SZkEcXIYZYV132P1TI-bFd4XJQk80","kid":"p256","alg":"ES256"},{"kty":"RSA","n":"w6Ny6ke"#
        + #"sf2dG5AzNwFtjXpWMsbkN8n8LU1yoQciy400ylVPbSniyAQN-JF8dp7PHxQRymng-nsSuT0XIdJIpqxaveHoWpKllbedCxrRdAk8H4g"#
        + #"HEBdD90pPoJojtsyu6TfnROJtkcAKF67IWhC-FZG_UTKCetK5Nld3NRwBumgCHkFg2J-H5b6kApf1mDqOA2NKf6eccZMFN-_PeU3spt"#
        + #"wpE82GoBYt7NrQH522Ub7g8AgXDoYzpyuISPyEro04aKB1knsAAtF_oIOCXcI2goMze_N-vND1CDez_Sxl-PZVhniZ4kgqf05A8wuHX"#
        + #"vqBmNqVnfxf7HoWKfQAVukUT2Q","e":"AQAB","kid":"rsa-RS256","alg":"RS256"}]}"#

    private static let keys: [VerificationKey] = {
        do {
            let keys = try JWKSet.parse(Array(jwks.utf8)).keys
            precondition(keys.count == 3, "the fixed JWK Set must give three keys")
            return keys
        } catch {
            fatalError("the fixed JWK Set does not parse: \(error)")
        }
    }()

    private static let policy = ClaimsPolicy(issuer: origin, audience: origin, leewaySeconds: 60)
    private static let cached = JWTVerifier(hmacSecret: secret, keys: keys, policy: policy)
    private static let uncached = JWTVerifier(
        hmacSecret: secret, keyRing: KeyRing(keys), policy: policy, cacheCapacity: 0)

    /// Runs every check on one input.
    static func run(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        checkVerification(text)
        checkJSON(data)
        checkBase64URL(text)
    }

    private static func checkVerification(_ token: String) {
        let first = outcome(cached, token)
        let again = outcome(cached, token)
        let reference = outcome(uncached, token)
        guard first == reference, again == reference else {
            fatalError("verifiers disagree: cached \(first), cached again \(again), uncached \(reference)")
        }
        let signature: Bool
        do {
            let verified = try uncached.verifySignature(token)
            signature = true
            _ = verified.payload.count
        } catch {
            signature = false
        }
        if case .accepted(let subject) = reference {
            guard !subject.isEmpty else { fatalError("a verified token has an empty subject") }
            guard signature else { fatalError("a verified token fails verifySignature") }
        }
    }

    private enum Outcome: Equatable, CustomStringConvertible {
        case accepted(String)
        case refused(JWTError)

        var description: String {
            switch self {
            case .accepted(let subject): "accepted (subject of \(subject.utf8.count) bytes)"
            case .refused(let error): "refused (\(error.reason))"
            }
        }
    }

    private static func outcome(_ verifier: JWTVerifier, _ token: String) -> Outcome {
        do {
            let verified = try verifier.verify(token, now: now)
            return .accepted(verified.subject)
        } catch {
            return .refused(error)
        }
    }

    private static func checkJSON(_ data: [UInt8]) {
        guard let value = try? JSONParser.parse(data) else { return }
        let serialized = value.serialized
        let reparsed: JSONValue
        do {
            reparsed = try JSONParser.parse(serialized)
        } catch {
            fatalError("serialized JSON does not parse again: \(error)")
        }
        guard reparsed == value else { fatalError("JSON does not round-trip through the writer") }
    }

    private static func checkBase64URL(_ text: String) {
        guard let decoded = Base64URL.decode(text) else { return }
        guard Base64URL.encode(decoded) == text else { fatalError("base64url decoding is not one-to-one") }
    }
}
