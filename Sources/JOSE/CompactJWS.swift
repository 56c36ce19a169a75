import JSON

/// A compact JWS split into its three parts and checked for form and header rules. Only the header is parsed here:
/// the payload stays encoded until the signature has been verified.
struct CompactJWS {
    /// The token's bytes.
    let bytes: [UInt8]
    /// `header.payload`: the bytes the signature covers are `bytes[0..<signingInputCount]`.
    let signingInputCount: Int
    /// Where the encoded payload lies in `bytes`.
    let payloadRange: Range<Int>
    /// The decoded protected header: every member, and the rules that decide verification.
    let header: HeaderCache.Decoded
    /// The decoded signature (never empty).
    let signature: [UInt8]

    /// Splits and checks `token`; its header comes from `headers` when that holds it, else is decoded, checked
    /// against the header rules and remembered there.
    static func parse(_ token: String, maximumLength: Int, headers: HeaderCache) throws(JWTError) -> CompactJWS {
        guard token.utf8.count <= maximumLength else { throw .tooLarge }
        let bytes = Array(token.utf8)
        var dots = (first: -1, second: -1)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ".") {
            if dots.first < 0 {
                dots.first = index
            } else if dots.second < 0 {
                dots.second = index
            } else {
                throw .malformed("expected three parts")
            }
        }
        guard dots.second >= 0 else { throw .malformed("expected three parts") }
        let headerRange = 0..<dots.first
        let payloadRange = (dots.first + 1)..<dots.second
        let signatureRange = (dots.second + 1)..<bytes.count
        guard !headerRange.isEmpty else { throw .malformed("empty header") }
        guard !signatureRange.isEmpty else { throw .malformed("empty signature") }

        typealias Parts = (cached: HeaderCache.Decoded?, header: [UInt8]?, signature: [UInt8]?)
        let parts = bytes.withUnsafeBufferPointer { buffer -> Parts? in
            for range in [headerRange, payloadRange, signatureRange] {
                guard Base64URL.isAlphabet(UnsafeBufferPointer(rebasing: buffer[range])) else { return nil }
            }
            let encodedHeader = UnsafeBufferPointer(rebasing: buffer[headerRange])
            let cached = headers.lookup(encodedHeader)
            return (
                cached, cached == nil ? Base64URL.decode(encodedHeader) : [],
                Base64URL.decode(UnsafeBufferPointer(rebasing: buffer[signatureRange]))
            )
        }
        guard let parts else { throw .malformed("character outside the base64url alphabet") }
        guard let headerBytes = parts.header else { throw .malformed("header is not base64url") }
        guard let signature = parts.signature else { throw .malformed("signature is not base64url") }
        guard payloadRange.count % 4 != 1 else { throw .malformed("payload is not base64url") }

        let header: HeaderCache.Decoded
        if let cached = parts.cached {
            header = cached
        } else {
            let members = try jsonObject(headerBytes, part: "header")
            header = HeaderCache.Decoded(members: members, rules: try ProtectedHeader(members))
            bytes.withUnsafeBufferPointer { headers.insert(UnsafeBufferPointer(rebasing: $0[headerRange]), header) }
        }
        return CompactJWS(
            bytes: bytes, signingInputCount: dots.second, payloadRange: payloadRange, header: header,
            signature: signature)
    }

    /// Runs `body` with the bytes the signature covers.
    func withSigningInput<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<signingInputCount])) }
    }

    /// The decoded payload bytes; call only once the signature is verified.
    func decodePayload() throws(JWTError) -> [UInt8] {
        let payload = bytes.withUnsafeBufferPointer {
            Base64URL.decode(UnsafeBufferPointer(rebasing: $0[payloadRange]))
        }
        guard let payload else { throw .malformed("payload is not base64url") }
        return payload
    }

    /// The payload parsed as a JSON object; call only once the signature is verified.
    func decodeClaims() throws(JWTError) -> [String: JSONValue] {
        try Self.jsonObject(try decodePayload(), part: "payload")
    }

    /// `bytes` parsed as a JSON object; else malformed: "`part` is not JSON" or "`part` is not a JSON object".
    private static func jsonObject(_ bytes: [UInt8], part: String) throws(JWTError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .malformed("\(part) is not JSON")
        }
        guard let members = value.objectValue else { throw .malformed("\(part) is not a JSON object") }
        return members
    }
}
