/// The status line and header fields of a response, parsed strictly (RFC 9112): at most 64 KiB in all, CRLF line
/// ends, no obsolete line folding, no white space before a colon, no control characters.
struct ResponseHead {
    static let sizeLimit = 64 * 1024
    /// The error for a head (or trailer section) over `sizeLimit`.
    static let tooLarge = HTTPFetchError("the response head is larger than 64 KiB")

    /// The status code, 100 through 599.
    let status: Int
    /// The header fields in order; names are lowercased.
    let fields: [HeaderField]

    /// Reads the final (non-1xx) response head, skipping any interim 1xx heads before it.
    static func read(from reader: inout ResponseReader) throws(HTTPFetchError) -> ResponseHead {
        guard !(try reader.isExhausted()) else {
            throw HTTPFetchError("the server closed the connection without answering")
        }
        var budget = sizeLimit
        while true {
            let statusLine = try reader.line(limit: budget, tooLong: tooLarge)
            budget -= statusLine.count + 2
            let status = try parseStatusLine(statusLine)
            let fields = try HeaderField.readBlock(from: &reader, budget: &budget)
            if status == 101 { throw HTTPFetchError("the server tried to switch protocols") }
            if status >= 200 { return ResponseHead(status: status, fields: fields) }
        }
    }

    /// Every value of the field `name` (lowercase), in order.
    func values(of name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// `HTTP/1.x SP 3DIGIT [SP reason-phrase]`.
    private static func parseStatusLine(_ line: [UInt8]) throws(HTTPFetchError) -> Int {
        let malformed = HTTPFetchError("the response has a malformed status line")
        guard line.count >= 12, Array(line[0..<7]) == Array("HTTP/1.".utf8), isDigit(line[7]),
            line[8] == UInt8(ascii: " ")
        else { throw malformed }
        var status = 0
        for byte in line[9..<12] {
            guard isDigit(byte) else { throw malformed }
            status = status * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard (100...599).contains(status) else { throw malformed }
        let rest = line[12...]
        guard rest.isEmpty || rest.first == UInt8(ascii: " ") else { throw malformed }
        for byte in rest where !HeaderField.isValueByte(byte) { throw malformed }
        return status
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
