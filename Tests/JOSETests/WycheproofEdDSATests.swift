import Foundation
import JSON
import Testing

@testable import JOSE

/// Wycheproof's Ed25519 verification vectors (`../shared/vectors/wycheproof/ed25519_test.json`, read in place; its
/// schema, `eddsa_verify_schema_v1.json`, is beside it): every vector's verdict must match ours.
///
/// Each group's public key is loaded as a JWK, as a JWKS member would be. A key refused at load (small order or
/// non-canonical) counts as refusing every signature of its group, which must then all be "invalid". Verdict
/// "acceptable" (an edge case Wycheproof lets an implementation accept or refuse) is expected to be refused: this
/// verifier is strict in every case RFC 8032 §5.1.7 leaves open, as libsodium is.
@Suite struct WycheproofEdDSATests {
    static let vectorFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/vectors/wycheproof/ed25519_test.json").standardized

    struct Vector {
        let id: Int
        let message: [UInt8]
        let signature: [UInt8]
        let result: String
        let flags: [String]
    }

    struct Group {
        let publicKey: [UInt8]
        let vectors: [Vector]
    }

    static func load() throws -> (count: Int, groups: [Group]) {
        let data = try #require(FileManager.default.contents(atPath: vectorFile.path), "\(vectorFile.path)")
        let document = try JSONParser.parse(Array(data))
        #expect(document["algorithm"] == .string("EDDSA"))
        #expect(document["schema"] == .string("eddsa_verify_schema_v1.json"))
        let groups = try #require(document["testGroups"]?.arrayValue).map { group in
            let key = try #require(group["publicKey"]?["pk"]?.stringValue.flatMap(hex))
            let vectors = try #require(group["tests"]?.arrayValue).map { test in
                Vector(
                    id: Int(try #require(test["tcId"]?.numberValue)),
                    message: try #require(test["msg"]?.stringValue.flatMap(hex)),
                    signature: try #require(test["sig"]?.stringValue.flatMap(hex)),
                    result: try #require(test["result"]?.stringValue),
                    flags: (test["flags"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
            return Group(publicKey: key, vectors: vectors)
        }
        return (Int(try #require(document["numberOfTests"]?.numberValue)), groups)
    }

    @Test func everyVerdictMatches() throws {
        let (count, groups) = try Self.load()
        #expect(groups.map(\.vectors.count).reduce(0, +) == count)
        var verified = 0
        for group in groups {
            let jwk = JSONValue.object([
                "kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string(Base64URL.encode(group.publicKey)),
            ])
            guard let key = try? JWKSet.parse(document: jwk).keys.first else {
                for vector in group.vectors {
                    #expect(vector.result != "valid", "tcId \(vector.id): its key was refused at load")
                }
                continue
            }
            for vector in group.vectors {
                let accepted = vector.message.withUnsafeBufferPointer { key.verify(vector.signature, over: $0) }
                #expect(accepted == (vector.result == "valid"), "tcId \(vector.id) \(vector.result) \(vector.flags)")
                verified += 1
            }
        }
        #expect(verified == count)
    }
}

/// The bytes of a hex string; nil when it is not one.
func hex(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count.isMultiple(of: 2) else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
            return nil
        }
        bytes.append(byte)
    }
    return bytes
}
