import JOSE
import JSON

/// The committed seed corpus of fuzz-token (`fuzz-token --write-seeds DIR` writes it again).
enum TokenSeeds {
    /// Tokens from the JOSE tests' independent vectors, valid at `TokenFuzzer.now` for the fixed key ring.
    static let independent: [(name: String, token: String)] = [
        (
            "eddsa-kid",
            #"eyJhbGciOiJFZERTQSIsImtpZCI6ImVkLTEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1c2VyLUVkRFNBIiwiaXNzIjoiaHR0c"#
                + #"HM6Ly9hcHAuZXhhbXBsZSIsImF1ZCI6Imh0dHBzOi8vYXBwLmV4YW1wbGUiLCJpYXQiOjE2OTk5OTk5NDAsImV4cCI6MTcwM"#
                + #"DAwMDkwMH0.64CcajwDNhQW0HDSh-vE2Qyo3smJBVDBmmtmIBJ1jYq0lEOlks-0g__KIAmhDNeX2gKQdltRfSEMLT5A3bsnA"#
                + #"g"#
        ),
        (
            "es256-kid",
            #"eyJhbGciOiJFUzI1NiIsImtpZCI6InAyNTYifQ.eyJzdWIiOiJ1c2VyLUVTMjU2IiwiaXNzIjoiaHR0cHM6Ly9hcHAuZXhhb"#
                + #"XBsZSIsImF1ZCI6Imh0dHBzOi8vYXBwLmV4YW1wbGUiLCJpYXQiOjE2OTk5OTk5NDAsImV4cCI6MTcwMDAwMDkwMH0.EwlUJ"#
                + #"JuVRSr3zyu5j-Br2umO1H1LSX88Xk-jFmWdnde5AXlSz2qIX5IZE4ZMnJpDDg74lYp6oiCWKylS2eQ4Ug"#
        ),
        (
            "es256-nokid",
            #"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLUVTMjU2LW5va2lkIiwiaXNzIjoiaHR0cHM6Ly9hcHAuZXhhbXBsZSIsImF"#
                + #"1ZCI6Imh0dHBzOi8vYXBwLmV4YW1wbGUiLCJpYXQiOjE2OTk5OTk5NDAsImV4cCI6MTcwMDAwMDkwMH0.mx5o2UwhffwAb8y"#
                + #"jXv1g19hLrp2OlmPfKY3WQbwsvChD_OQr7J2LIKT-rV5tDUe6AUjHP9tkfwkmxc1Sn_47Ng"#
        ),
        (
            "rs256-kid",
            #"eyJhbGciOiJSUzI1NiIsImtpZCI6InJzYS1SUzI1NiJ9.eyJzdWIiOiJ1c2VyLVJTMjU2IiwiaXNzIjoiaHR0cHM6Ly9hcHA"#
                + #"uZXhhbXBsZSIsImF1ZCI6Imh0dHBzOi8vYXBwLmV4YW1wbGUiLCJpYXQiOjE2OTk5OTk5NDAsImV4cCI6MTcwMDAwMDkwMH0"#
                + #".qkSmXamjfoIJpPXH_Ec5c-oNQD7Qb166Y8qLlYE3WZ2GGw0zDA9bcNoJOzfc-f23O38kwI5BYPUArvW17CfqziXxV1O--D5"#
                + #"C4IaTGXfPX8Mp6OBoKVG_O6c1qaZeOxFbuv_tUrS2A8_cZJm6ypAz-fKCh8zs1hbma_UVvK6h2vxqG_SHPRNAYc_UomyGmUZ"#
                + #"HVwwDhXs_f5BwOv6JPZR-R9UUlaWUBaptIosEdWv88zQqFxxp_J-WZxlxn0kIM-AEEmcYMAL8cpDXXmrRazptex9MZ67cyzg"#
                + #"Ps6MdbEc3R0Yz1k87olix7I_fonXrKYG6g20bZBZ3PAErwOiaCUJf1Q"#
        ),
    ]

    /// Every seed: name and bytes.
    static func all() -> [(name: String, bytes: [UInt8])] {
        var seeds = independent.map { (name: $0.name, bytes: Array($0.token.utf8)) }
        let now = TokenFuzzer.now
        let claims: [String: JSONValue] = [
            "sub": .string("alice"), "iss": .string(TokenFuzzer.origin), "aud": .string(TokenFuzzer.origin),
            "iat": .number(now - 10), "exp": .number(now + 900),
        ]
        for algorithm in [JWSAlgorithm.hs256, .hs384, .hs512] {
            let signer = JWTSigner.hmac(secret: TokenFuzzer.secret, algorithm: algorithm)
            seeds.append(("\(algorithm.rawValue.lowercased())-valid", Array(signer.sign(claims: claims).utf8)))
        }
        let hs256 = JWTSigner.hmac(secret: TokenFuzzer.secret)
        var variants: [(String, [String: JSONValue])] = [
            ("hs256-expired", ["exp": .number(now - 3600)]),
            ("hs256-nbf", ["nbf": .number(now + 3600)]),
            ("hs256-aud-array", ["aud": .array([.string("other"), .string(TokenFuzzer.origin)])]),
            ("hs256-wrong-iss", ["iss": .string("https://evil.example")]),
            ("hs256-sub-control", ["sub": .string("a\u{7}b")]),
            ("hs256-exp-string", ["exp": .string("soon")]),
        ]
        variants.append(("hs256-no-sub", ["sub": .null]))
        for (name, change) in variants {
            var changed = claims
            for (key, value) in change {
                changed[key] = value == .null ? nil : value
            }
            seeds.append((name, Array(hs256.sign(claims: changed).utf8)))
        }
        let payload = JSONValue.object(claims).serialized
        let headers: [(String, [String: JSONValue])] = [
            ("hs256-crit", ["crit": .array([.string("exp")])]),
            ("hs256-kid", ["kid": .string("ed-1")]),
            ("hs256-jku", ["jku": .string("https://evil.example/jwks")]),
        ]
        for (name, header) in headers {
            seeds.append((name, Array(hs256.sign(payload: payload, header: header).utf8)))
        }
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(payload) + "."
        seeds.append(("alg-none", Array(none.utf8)))
        seeds.append(("jwks", Array(TokenFuzzer.jwks.utf8)))
        seeds.append(("json-mixed", Array(#"{"a":[1,-0.5e3,true,null,"\u00e9\ud83d\ude00"],"b":{}}"#.utf8)))
        seeds.append(("json-number", Array("123456789012345678901234567890e-300".utf8)))
        seeds.append(("base64url", Array("SGVsbG8sIHdvcmxkIQ".utf8)))
        return seeds
    }
}
