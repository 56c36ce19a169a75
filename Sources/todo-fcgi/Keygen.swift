import ArgumentParser
import Glibc
import JOSE
import JSON

/// `todo-fcgi keygen`: writes an Ed25519 private JWK for SIGNING_KEY_FILE.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new Ed25519 private JWK (for SIGNING_KEY_FILE) with mode 0600.")

    @Option(help: "The key id published in the JWKS and put in every token header (default: a random id).")
    var kid: String?

    @Option(help: "Where to write the private key.")
    var out: String = "./data/signing-key.jwk"

    @Flag(help: "Replace an existing file.")
    var force = false

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
