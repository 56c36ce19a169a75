/// Why a request cannot be answered as sent: the transport marks it, and the application answers 400 without
/// looking further. nginx never sends any of these; other FastCGI clients, or a local user on the socket, may.
public enum RequestDefect: Error, Sendable, Equatable, CustomStringConvertible {
    /// CONTENT_LENGTH is present but not a decimal number of bytes (negative, not a number, or too large).
    case invalidContentLength
    /// The body ended (the client closed stdin, or a record was malformed) before CONTENT_LENGTH bytes came.
    case incompleteBody
    /// libfcgi stopped at a record it could not read (a bad version, a record of another type) while reading the
    /// params or the body.
    case malformedRecords
    /// No REQUEST_METHOD.
    case missingMethod
    /// No REQUEST_URI (and, for CGI, nothing to rebuild it from).
    case missingURI

    /// A short reason for the client; it never echoes request content.
    public var description: String {
        switch self {
        case .invalidContentLength: "Invalid Content-Length"
        case .incompleteBody: "Request body shorter than its Content-Length"
        case .malformedRecords: "Malformed FastCGI records"
        case .missingMethod: "Missing request method"
        case .missingURI: "Missing request URI"
        }
    }

    /// CONTENT_LENGTH's value: nil for an empty value (nginx sends one without a body), the length for 1 to 18
    /// ASCII digits, `invalidContentLength` for anything else (a sign, spaces, other characters, or more digits
    /// than any body could have).
    public static func parseContentLength(_ value: String) -> Result<Int?, RequestDefect> {
        let digits = value.utf8
        if digits.isEmpty { return .success(nil) }
        guard digits.count <= 18 else { return .failure(.invalidContentLength) }
        var length = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return .failure(.invalidContentLength) }
            length = length * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return .success(length)
    }
}
