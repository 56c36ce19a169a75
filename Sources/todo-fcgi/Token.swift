import ArgumentParser
import JOSE
import JSON
import TodoAPI

/// `todo-fcgi token`: mint a token for testing with curl (and, later, inspect one).
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mint an access token, or explain why one is accepted or refused.",
        subcommands: [Mint.self, TokenVerify.self],
        defaultSubcommand: Mint.self
    )

    struct Mint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an HS256 access token for a user (for testing with curl).")

        @Option(help: "The user id (the token's sub).")
        var sub: String

        @Option(help: "Lifetime in seconds (default ACCESS_TOKEN_TTL_SECONDS).")
        var ttl: Int?

        @Option(help: "HS256, HS384 or HS512.")
        var alg: String = "HS256"

        func run() throws {
            let configuration = Environment.commandConfiguration()
            guard let algorithm = JWSAlgorithm(rawValue: alg), [.hs256, .hs384, .hs512].contains(algorithm) else {
                throw ValidationError("--alg must be HS256, HS384 or HS512")
            }
            guard !sub.isEmpty else { throw ValidationError("--sub must not be empty") }
            let now = ApplicationFactory.wallClockSeconds().rounded(.down)
            var claims: [String: JSONValue] = [
                "sub": .string(sub),
                "iat": .number(now),
                "exp": .number(now + Double(ttl ?? configuration.accessTokenTTL)),
            ]
            if let issuer = configuration.issuer { claims["iss"] = .string(issuer) }
            if let audience = configuration.audience { claims["aud"] = .string(audience) }
            print(JWTSigner.hmac(secret: configuration.secret, algorithm: algorithm).sign(claims: claims))
        }
    }
}
