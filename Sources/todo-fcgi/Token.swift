import Commands
import JOSE
import JSON
import TodoAPI

/// `todo-fcgi token`: mint a token for testing with curl (and, later, inspect one).
enum Token {
    static let command = Command(
        "token", abstract: "Mint an access token, or explain why one is accepted or refused.",
        subcommands: [Mint.command, TokenVerify.command], defaultSubcommand: "mint")

    struct Mint {
        static let command = Command(
            "mint", abstract: "Print an HS256 access token for a user (for testing with curl).",
            arguments: [
                .option("sub", help: "The user id (the token's sub).", required: true),
                .option("ttl", help: "Lifetime in seconds (default ACCESS_TOKEN_TTL_SECONDS)."),
                .option("alg", help: "HS256, HS384 or HS512.", default: "HS256"),
            ]
        ) { try Mint($0).run() }

        let sub: String
        let ttl: Int?
        let algorithm: JWSAlgorithm

        init(_ arguments: ParsedArguments) throws(UsageError) {
            sub = arguments.string("sub") ?? ""
            ttl = try arguments.int("ttl")
            let alg = arguments.string("alg") ?? "HS256"
            guard let algorithm = JWSAlgorithm(rawValue: alg), [.hs256, .hs384, .hs512].contains(algorithm) else {
                throw UsageError("--alg must be HS256, HS384 or HS512")
            }
            self.algorithm = algorithm
            guard !sub.isEmpty else { throw UsageError("--sub must not be empty") }
        }

        func run() {
            let configuration = Environment.commandConfiguration()
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
