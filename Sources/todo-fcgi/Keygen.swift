import Commands
import Glibc
import JOSE
import JSON

/// `todo-fcgi keygen`: writes an Ed25519 private JWK for SIGNING_KEY_FILE.
struct Keygen {
    static let command = Command(
        "keygen", abstract: "Write a new Ed25519 private JWK (for SIGNING_KEY_FILE) with mode 0600.",
        arguments: [
            .option(
                "kid", help: "The key id published in the JWKS and put in every token header (default: a random id)."),
            .option("out", help: "Where to write the private key.", default: defaultOut),
            .flag("force", help: "Replace an existing file."),
        ]
    ) { try Keygen($0).run() }

    static let defaultOut = "./data/signing-key.jwk"

    let kid: String?
    let out: String
    let force: Bool

    init(_ arguments: ParsedArguments) {
        kid = arguments.string("kid")
        out = arguments.string("out") ?? Self.defaultOut
        force = arguments.flag("force")
    }

    func run() throws {
        if SystemFiles.exists(out) && !force {
            Environment.fail("\(out) exists; pass --force to replace it (tokens signed with it stop verifying)")
        }
        let keyID = kid ?? Base64URL.encode((0..<12).map { _ in UInt8.random(in: 0...255) })
        let privateJWK = Ed25519KeyPair.generate(kid: keyID)
        if let slash = out.lastIndex(of: "/") {
            try SystemFiles.makeDirectories(slash == out.startIndex ? "/" : String(out[..<slash]), mode: 0o750)
        }
        guard SystemFiles.replace(out, with: privateJWK.serialized, mode: 0o600) else {
            Environment.fail("cannot write \(out)")
        }
        print("wrote an Ed25519 signing key (kid \(keyID)) to \(out); set SIGNING_KEY_FILE=\(out)")
    }
}
