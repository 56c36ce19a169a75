/// The committed seed corpus of fuzz-fastcgi (`fuzz-fastcgi --write-seeds DIR` writes it again): well-formed
/// requests as nginx frames them, and each hostile case of the raw-record integration test
/// (integration/test_fastcgi_records.py).
enum FastCGISeeds {
    static func record(_ type: UInt8, _ content: [UInt8] = [], id: UInt16 = 1, padding: UInt8 = 0) -> [UInt8] {
        [1, type, UInt8(id >> 8), UInt8(id & 0xFF), UInt8(content.count >> 8), UInt8(content.count & 0xFF), padding, 0]
            + content + [UInt8](repeating: 0, count: Int(padding))
    }

    static func begin(flags: UInt8 = 0, role: UInt8 = 1) -> [UInt8] { record(1, [0, role, flags, 0, 0, 0, 0, 0]) }

    static func length(_ count: Int) -> [UInt8] {
        count < 0x80
            ? [UInt8(count)]
            : [
                UInt8(0x80 | (count >> 24) & 0x7F), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF),
                UInt8(count & 0xFF),
            ]
    }

    static func pairs(_ pairs: [(String, String)]) -> [UInt8] {
        pairs.flatMap { length($0.0.utf8.count) + length($0.1.utf8.count) + Array($0.0.utf8) + Array($0.1.utf8) }
    }

    /// `data` as records of `type` of at most `chunk` bytes, then the empty record that ends the stream.
    static func stream(_ type: UInt8, _ data: [UInt8], chunk: Int = 0xFFFF) -> [UInt8] {
        stride(from: 0, to: data.count, by: chunk).flatMap {
            record(type, Array(data[$0..<min($0 + chunk, data.count)]))
        }
            + record(type)
    }

    static func params(
        method: String? = "POST", uri: String? = "/api/alice/tasks", contentLength: String? = nil, body: [UInt8] = []
    ) -> [(String, String)] {
        var list: [(String, String)] = [("GATEWAY_INTERFACE", "CGI/1.1")]
        if let method { list.append(("REQUEST_METHOD", method)) }
        if let uri { list.append(("REQUEST_URI", uri)) }
        list.append(("CONTENT_TYPE", "application/json"))
        list.append(("CONTENT_LENGTH", contentLength ?? (body.isEmpty ? "" : String(body.count))))
        list.append(("HTTP_AUTHORIZATION", "Bearer a.b.c"))
        return list
    }

    static func request(
        _ params: [(String, String)], _ body: [UInt8] = [], flags: UInt8 = 0, paramsChunk: Int = 0xFFFF,
        bodyChunk: Int = 0xFFFF
    ) -> [UInt8] {
        begin(flags: flags) + stream(4, pairs(params), chunk: paramsChunk) + stream(5, body, chunk: bodyChunk)
    }

    static func all() -> [(name: String, bytes: [UInt8])] {
        let task = Array(#"{"title":"Buy milk"}"#.utf8)
        let health = request(params(method: "GET", uri: "/api/health"))
        let create = params(body: task)
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xF0]
        let cut = request(create, task)
        return [
            ("health", health),
            ("create", request(create, task)),
            ("kept-two-requests", request(create, task, flags: 1) + request(params(method: "GET"), flags: 1)),
            (
                "padded",
                begin() + record(4, pairs(create), padding: 7) + record(4) + record(5, task, padding: 3) + record(5)
            ),
            ("params-one-byte-records", request(create, task, paramsChunk: 1)),
            ("body-one-byte-records", request(create, task, bodyChunk: 1)),
            ("cl-negative", request(params(contentLength: "-2"), task)),
            ("cl-text", request(params(contentLength: "abc"), task)),
            ("cl-overflow", request(params(contentLength: "99999999999999999999"), task)),
            ("cl-longer-than-body", request(params(contentLength: "100"), task)),
            ("cl-over-limit", request(params(contentLength: "70000"), task)),
            ("body-over-limit", request(params(), [UInt8](repeating: 0x61, count: 1100))),
            ("missing-method", request(params(method: nil, uri: "/api/health"))),
            ("missing-uri", request(params(method: "GET", uri: nil))),
            (
                "unknown-type-in-params",
                begin() + record(4, Array(pairs(create).prefix(9))) + record(99, [1]) + record(4)
            ),
            ("unknown-type-in-body", begin() + stream(4, pairs(create)) + record(5, task) + record(99, [1])),
            ("unknown-management-record", record(99, [0, 0, 0, 0, 0, 0, 0, 0], id: 0) + health),
            ("get-values", record(9, pairs([("FCGI_MAX_CONNS", ""), ("FCGI_MPXS_CONNS", "")]), id: 0) + health),
            ("bad-version", [2] + Array(health.dropFirst())),
            (
                "unknown-role",
                request(params(method: "GET"), flags: 0).enumerated().map { $0.offset == 9 ? 9 : $0.element }
            ),
            ("cut-in-header", Array(cut.prefix(21))),
            ("cut-in-body", Array(cut.prefix(cut.count - 14))),
            ("huge-param-lengths", begin() + record(4, huge + huge + Array("REQUEST_METHOD".utf8))),
            // Found by fuzz-fastcgi: libfcgi reads the header after a BEGIN_REQUEST's body, not after its padding.
            (
                "begin-padding-huge-lengths",
                [1, 1, 0, 1, 0, 8, 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 0]
                    + record(4, huge + huge + Array("REQUEST_METHOD".utf8))
            ),
            ("get-values-huge-lengths", record(9, huge + huge, id: 0) + health),
            // Found by fuzz-fastcgi: after refusing a header, libfcgi parses the next 8 bytes as one if read again.
            ("bad-header-then-get-values", begin() + [0x54, 4, 0, 1, 0, 0, 0, 0] + record(9, huge + huge, id: 0)),
            ("abort-request", begin() + record(2) + stream(4, pairs(create)) + stream(5, task)),
        ]
    }
}
