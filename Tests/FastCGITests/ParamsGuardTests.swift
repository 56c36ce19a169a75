import FastCGI
import Testing

@Suite("ParamsGuard.scan")
struct ParamsGuardTests {
    private func record(_ type: UInt8, _ content: [UInt8] = [], id: UInt8 = 1, padding: UInt8 = 0) -> [UInt8] {
        [1, type, 0, id, UInt8(content.count >> 8), UInt8(content.count & 0xFF), padding, 0] + content
            + [UInt8](repeating: 0, count: Int(padding))
    }

    private var begin: [UInt8] { record(1, [0, 1, 0, 0, 0, 0, 0, 0]) }

    private func pair(_ name: String, _ value: String) -> [UInt8] {
        [UInt8(name.utf8.count), UInt8(value.utf8.count)] + Array(name.utf8) + Array(value.utf8)
    }

    private func scan(_ bytes: [UInt8], ended: Bool = false) -> ParamsGuard.Verdict {
        bytes.withUnsafeBytes { ParamsGuard.scan($0, ended: ended) }
    }

    @Test("whole, well-formed params are admitted, also in one-byte records and after other records")
    func wellFormed() {
        let params = pair("REQUEST_METHOD", "GET") + pair("REQUEST_URI", "/api/health")
        #expect(scan(begin + record(4, params) + record(4)) == .admit)
        #expect(scan(begin + params.flatMap { record(4, [$0]) } + record(4) + record(5)) == .admit)
        #expect(
            scan(record(9, [], id: 0) + begin + record(5, [1], id: 2) + record(4, params, padding: 3) + record(4))
                == .admit)
    }

    @Test("params that have not all arrived are incomplete, unless the peer stopped sending")
    func incomplete() {
        let params = pair("REQUEST_METHOD", "GET")
        #expect(scan(begin + record(4, params)) == .incomplete)
        #expect(scan(Array((begin + record(4, params))[..<20])) == .incomplete)
        #expect(scan(begin + record(4, params), ended: true) == .admit)
        #expect(scan([]) == .incomplete)
    }

    @Test("lengths near 2^31, or longer than the params, are refused")
    func hugeLengths() {
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xF0]
        #expect(scan(begin + record(4, huge + huge + Array("x".utf8)) + record(4)) == .refuse)
        #expect(scan(begin + record(4, huge + huge), ended: true) == .refuse)
        // The lengths arrive in a record whose content is cut by the end of the connection.
        #expect(
            scan(Array((begin + record(4, huge + huge + [UInt8](repeating: 65, count: 40)))[..<32]), ended: true)
                == .refuse)
        #expect(scan(begin + record(4, [5, 5, 65]) + record(4)) == .refuse)
        // A record of another type stops libfcgi: what came before it must still be safe.
        #expect(scan(begin + record(4, huge + huge) + record(99)) == .refuse)
    }

    @Test("params over the limit are refused")
    func tooLong() {
        let value = String(repeating: "v", count: 60_000)
        let big: [UInt8] = [1, 0x80, 0, 0xEA, 0x60] + Array("N".utf8) + Array(value.utf8)
        #expect(scan(begin + record(4, big) + record(4)) == .admit)
        #expect(scan(begin + record(4, big) + record(4, big) + record(4)) == .refuse)
    }

    @Test("a bad version or another record type leaves the refusal to libfcgi")
    func libfcgiRefuses() {
        #expect(scan([2] + Array(begin.dropFirst()) + record(4)) == .admit)
        #expect(scan(begin + record(4, pair("A", "b")) + record(99)) == .admit)
    }
}

@Suite("ParamsGuard.scan reads records as libfcgi does")
struct ParamsGuardLibfcgiTests {
    private func record(_ type: UInt8, _ content: [UInt8] = [], id: UInt8 = 1, padding: UInt8 = 0) -> [UInt8] {
        [1, type, 0, id, 0, UInt8(content.count), padding, 0] + content + [UInt8](repeating: 0, count: Int(padding))
    }

    private let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0xFF, 0xF0]

    private func scan(_ bytes: [UInt8], ended: Bool = false) -> ParamsGuard.Verdict {
        bytes.withUnsafeBytes { ParamsGuard.scan($0, ended: ended) }
    }

    @Test("a BEGIN_REQUEST's padding is not skipped: the next header follows its body")
    func beginPadding() {
        let begin = [1, 1, 0, 1, 0, 8, 0xFF, 0] + [0, 1, 0, 0, 0, 0, 0, 0] as [UInt8]
        #expect(scan(begin + record(4, huge + Array("REQUEST_METHOD".utf8)), ended: true) == .refuse)
    }

    @Test("FCGI_GET_VALUES pairs, and management records after BEGIN_REQUEST, are checked too")
    func managementRecords() {
        let begin = record(1, [0, 1, 0, 0, 0, 0, 0, 0])
        #expect(scan(record(9, huge, id: 0) + begin + record(4)) == .refuse)
        #expect(scan(begin + record(99, huge, id: 0) + record(4)) == .refuse)
        #expect(scan(record(99, huge, id: 0) + begin + record(4)) == .admit)
    }
}
