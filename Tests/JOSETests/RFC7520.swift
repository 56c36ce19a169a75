import JOSE

/// Test vectors of RFC 7520 ("Examples of Protecting Content Using JOSE"), §3 keys and §4 signatures.
enum RFC7520 {
    /// §4 payload, base64url: "It’s a dangerous business, Frodo, going out your door. …"
    static let encodedPayload =
        "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IH"
        + "lvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBk"
        + "b24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcm"
        + "UgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4"

    static var payload: [UInt8] { Base64URL.decode(encodedPayload)! }

    /// §4.4: HMAC-SHA2 with the §3.5 symmetric key.
    static let hs256 =
        "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LW"
        + "VlZjMxNGJjNzAzNyJ9"
        + "." + encodedPayload
        + ".s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0"
}
