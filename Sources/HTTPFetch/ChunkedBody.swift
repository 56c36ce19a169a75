/// Decoding of a chunked body (RFC 9112 §7.1): hex sizes with optional extensions, data, and a trailer section.
enum ChunkedBody {
    private static let sizeLineLimit = 4096

    /// The decoded body; more than `limit` bytes in all is an error.
    static func read(from reader: inout ResponseReader, limit: Int) throws(HTTPFetchError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try reader.line(
                limit: sizeLineLimit, tooLong: HTTPFetchError("the response has a chunk size line that is too long"))
            let size = try chunkSize(sizeLine, allowed: limit - body.count, limit: limit)
            if size == 0 { break }
            body += try reader.bytes(count: size)
            guard try reader.bytes(count: 2) == [UInt8(ascii: "\r"), UInt8(ascii: "\n")] else {
                throw HTTPFetchError("the response has a malformed chunk")
            }
        }
        var budget = ResponseHead.sizeLimit
        _ = try HeaderField.readBlock(from: &reader, budget: &budget)
        return body
    }

    /// The size on a chunk-size line, refusing one that would take the body past `allowed` more bytes.
    private static func chunkSize(_ line: [UInt8], allowed: Int, limit: Int) throws(HTTPFetchError) -> Int {
        let malformed = HTTPFetchError("the response has a malformed chunk size")
        let digits = line.prefix { hexValue($0) != nil }
        guard !digits.isEmpty else { throw malformed }
        var size = 0
        for digit in digits {
            let value = hexValue(digit)!
            guard allowed >= value, size <= (allowed - value) / 16 else { throw ResponseBody.tooLarge(limit) }
            size = size * 16 + value
        }
        let extensions = line[digits.endIndex...].drop { $0 == UInt8(ascii: " ") || $0 == 0x09 }
        guard extensions.isEmpty || extensions.first == UInt8(ascii: ";") else { throw malformed }
        for byte in extensions where !HeaderField.isValueByte(byte) { throw malformed }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
