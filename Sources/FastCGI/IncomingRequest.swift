import Glibc

/// The parts of a CGI/FastCGI request the application needs, copied out of the params before the
/// request is finished. Only these names are copied: the rest are skipped without allocating.
public struct IncomingRequest: Sendable {
    public var method = ""
    /// REQUEST_URI as sent (path and query, percent-encoded).
    public var requestURI = ""
    public var contentType = ""
    /// CONTENT_LENGTH when present and a valid length (see `RequestDefect.parseContentLength`); an invalid one
    /// leaves it nil and sets `defect`.
    public var contentLength: Int?
    /// Every HTTP_AUTHORIZATION value (nginx sends a repeated header as two params).
    public var authorization: [String] = []
    /// nginx's `$request_id` when passed as REQUEST_ID.
    public var requestID = ""
    public var remoteAddress = ""
    /// HTTP_USER_AGENT, at most 256 bytes (a session keeps no more).
    public var userAgent = ""
    /// The body, at most the configured limit.
    public var body: [UInt8] = []
    /// True when the body exceeded the limit (the body is then empty and was discarded).
    public var bodyTooLarge = false
    /// Why the request is malformed (the body is then empty and was discarded), or nil; one reason when there
    /// are several.
    public var defect: RequestDefect?

    public init() {}

    /// The parameters the application reads; every other parameter is skipped without copying.
    private enum Wanted: CaseIterable {
        case method, uri, contentType, contentLength, authorization, requestID, remoteAddress, userAgent
        case scriptName, pathInfo, queryString

        var name: StaticString {
            switch self {
            case .method: "REQUEST_METHOD="
            case .uri: "REQUEST_URI="
            case .contentType: "CONTENT_TYPE="
            case .contentLength: "CONTENT_LENGTH="
            case .authorization: "HTTP_AUTHORIZATION="
            case .requestID: "REQUEST_ID="
            case .remoteAddress: "REMOTE_ADDR="
            case .userAgent: "HTTP_USER_AGENT="
            case .scriptName: "SCRIPT_NAME="
            case .pathInfo: "PATH_INFO="
            case .queryString: "QUERY_STRING="
            }
        }
    }

    /// Fills the fields from a NULL-terminated array of `NAME=VALUE` C strings (FastCGI params or a CGI
    /// environment), and marks a missing method or URI or an invalid CONTENT_LENGTH in `defect`. With `cgi`, a
    /// missing REQUEST_URI is rebuilt from SCRIPT_NAME, PATH_INFO and QUERY_STRING, as CGI servers other than
    /// nginx may not send it.
    public mutating func take(parameters: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, cgi: Bool = false) {
        var scriptName = ""
        var pathInfo = ""
        var queryString = ""
        var cursor = parameters
        while let entry = cursor.pointee {
            cursor += 1
            guard let field = Self.match(entry) else { continue }
            let value = String(cString: entry + field.name.utf8CodeUnitCount)
            switch field {
            case .method: method = value
            case .uri: requestURI = value
            case .contentType: contentType = value
            case .contentLength:
                switch RequestDefect.parseContentLength(value) {
                case .success(let length): contentLength = length
                case .failure(let problem): defect = defect ?? problem
                }
            case .authorization: authorization.append(value)
            case .requestID: requestID = value
            case .remoteAddress: remoteAddress = value
            case .userAgent: userAgent = value.utf8.count <= 256 ? value : String(value.prefix(256))
            case .scriptName: scriptName = value
            case .pathInfo: pathInfo = value
            case .queryString: queryString = value
            }
        }
        if requestURI.isEmpty && cgi {
            requestURI = scriptName + pathInfo + (queryString.isEmpty ? "" : "?" + queryString)
        }
        if method.isEmpty {
            defect = .missingMethod
        } else if requestURI.isEmpty {
            defect = .missingURI
        }
    }

    private static func match(_ entry: UnsafeMutablePointer<CChar>) -> Wanted? {
        let first = UInt8(bitPattern: entry.pointee)
        for field in Wanted.allCases where field.name.utf8Start.pointee == first {
            let count = field.name.utf8CodeUnitCount
            if strncmp(entry, UnsafeRawPointer(field.name.utf8Start).assumingMemoryBound(to: CChar.self), count) == 0 {
                return field
            }
        }
        return nil
    }
}

/// What the application answers; the transport frames it as a CGI response.
public struct OutgoingResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// `Status:` line, headers and the blank line, as CGI and FastCGI responders send them.
    public func headBytes() -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(64 + headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        head.append(contentsOf: "Status: ".utf8)
        head.append(contentsOf: String(status).utf8)
        head.append(UInt8(ascii: " "))
        head.append(contentsOf: reason.utf8)
        head.append(contentsOf: "\r\n".utf8)
        for header in headers {
            head.append(contentsOf: header.name.utf8)
            head.append(contentsOf: ": ".utf8)
            head.append(contentsOf: header.value.utf8)
            head.append(contentsOf: "\r\n".utf8)
        }
        if !body.isEmpty || status != 204 {
            head.append(contentsOf: "Content-Length: ".utf8)
            head.append(contentsOf: String(body.count).utf8)
            head.append(contentsOf: "\r\n".utf8)
        }
        head.append(contentsOf: "\r\n".utf8)
        return head
    }
}

/// One worker thread's request handler. Each thread makes its own, so a handler may hold state
/// that is not thread-safe (its database connection).
public protocol RequestHandler: AnyObject {
    func handle(_ request: IncomingRequest) -> OutgoingResponse

    /// Called once the response to the last `handle` is written, with the seconds from reading the request to
    /// the end of writing the answer (the `dur_ms` of its log line).
    func finished(seconds: Double)
}

extension RequestHandler {
    public func finished(seconds: Double) {}
}
