/// One `name: value` header field line.
struct HeaderField: Equatable {
    /// The field name, lowercased.
    let name: String
    /// The value with surrounding spaces and tabs removed.
    let value: String

    /// Reads field lines up to the empty line that ends a head or trailer section, charging each line (with its
    /// CRLF) against `budget`.
    static func readBlock(
        from reader: inout ResponseReader, budget: inout Int
    ) throws(HTTPFetchError) -> [HeaderField] {
        var fields: [HeaderField] = []
        while true {
            let line = try reader.line(limit: budget, tooLong: ResponseHead.tooLarge)
            budget -= line.count + 2
            if line.isEmpty { return fields }
            fields.append(try parse(line))
        }
    }

    /// `token ":" OWS value OWS`; a line starting with white space (obsolete folding) is refused.
    static func parse(_ line: [UInt8]) throws(HTTPFetchError) -> HeaderField {
        let malformed = HTTPFetchError("the response has a malformed header field")
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { throw malformed }
        for byte in line[..<colon] where !isTokenByte(byte) { throw malformed }
        var value = line[(colon + 1)...]
        while let first = value.first, isWhiteSpace(first) { value = value.dropFirst() }
        while let last = value.last, isWhiteSpace(last) { value = value.dropLast() }
        for byte in value where !isValueByte(byte) { throw malformed }
        return HeaderField(
            name: String(decoding: line[..<colon], as: UTF8.self).lowercased(),
            value: String(decoding: value, as: UTF8.self))
    }

    /// VCHAR, SP, HTAB or obs-text: what a field value or reason phrase may contain.
    static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == 0x09
    }

    /// tchar (RFC 9110 §5.6.2).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
