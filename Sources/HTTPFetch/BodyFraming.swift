/// How the end of a response body is found (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    /// No body: a 204 or 304.
    case empty
    /// Exactly this many bytes (Content-Length).
    case length(Int)
    /// Transfer-Encoding: chunked.
    case chunked
    /// Everything until the server closes the connection.
    case untilClose

    /// The framing `head` declares. A transfer coding other than chunked, conflicting lengths, or both a length and
    /// a transfer coding are refused.
    init(for head: ResponseHead) throws(HTTPFetchError) {
        if head.status == 204 || head.status == 304 {
            self = .empty
            return
        }
        let codings = Self.listItems(head.values(of: "transfer-encoding"))
        let lengths = Self.listItems(head.values(of: "content-length"))
        if !codings.isEmpty {
            guard lengths.isEmpty else {
                throw HTTPFetchError("the response has both Content-Length and Transfer-Encoding")
            }
            guard codings.map({ $0.lowercased() }) == ["chunked"] else {
                throw HTTPFetchError("the response uses an unsupported transfer coding")
            }
            self = .chunked
        } else if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), let length = Self.decimal(first) else {
                throw HTTPFetchError("the response has an invalid Content-Length")
            }
            self = .length(length)
        } else {
            self = .untilClose
        }
    }

    /// The comma-separated items of every value, trimmed, empty items dropped.
    private static func listItems(_ values: [String]) -> [Substring] {
        values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.drop { $0 == " " || $0 == "\t" } }
            .map { item in item.dropLast(item.reversed().prefix { $0 == " " || $0 == "\t" }.count) }
            .filter { !$0.isEmpty }
    }

    /// A non-negative decimal of at most 18 digits, so it cannot overflow.
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18 else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
