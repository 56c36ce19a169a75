import FastCGI
import Testing

@Suite("ListenAddress.parse and isLoopback")
struct ListenAddressTests {
    @Test(
        "unix and tcp addresses",
        arguments: [
            ("unix:/run/todo.sock", ListenAddress.unix(path: "/run/todo.sock")),
            ("unix:./run/todo.sock", .unix(path: "./run/todo.sock")),
            ("unix:" + String(repeating: "p", count: 107), .unix(path: String(repeating: "p", count: 107))),
            ("tcp:127.0.0.1:9000", .tcp(host: "127.0.0.1", port: 9000)),
            ("tcp:[::1]:9000", .tcp(host: "::1", port: 9000)),
            ("tcp:localhost:1", .tcp(host: "localhost", port: 1)),
            ("tcp:0.0.0.0:65535", .tcp(host: "0.0.0.0", port: 65535)),
        ])
    func parses(text: String, address: ListenAddress) throws {
        #expect(try ListenAddress.parse(text) == address)
    }

    @Test(
        "malformed addresses are refused",
        arguments: [
            "", "unix:", "unix:" + String(repeating: "p", count: 108), "UNIX:/x", "/run/todo.sock", "tcp:",
            "tcp:127.0.0.1", "tcp:127.0.0.1:", "tcp::9000", "tcp:[]:9000", "tcp:127.0.0.1:0", "tcp:127.0.0.1:65536",
            "tcp:127.0.0.1:-1", "tcp:127.0.0.1:abc", "tcp:127.0.0.1:90 00", "127.0.0.1:9000", "http://127.0.0.1:9000",
            "udp:127.0.0.1:9000",
        ])
    func refused(text: String) {
        #expect(throws: ListenAddress.Problem.self) { try ListenAddress.parse(text) }
    }

    @Test("the problem quotes a value without a known prefix")
    func problemText() {
        let error = #expect(throws: ListenAddress.Problem.self) { try ListenAddress.parse("x") }
        #expect(error?.description == #"FCGI_SOCKET must start with unix: or tcp: (got "x")"#)
    }

    @Test(
        "description parses back to the same address",
        arguments: [
            ListenAddress.unix(path: "/run/todo.sock"), .tcp(host: "127.0.0.1", port: 9000), .tcp(host: "::1", port: 1),
        ])
    func descriptionRoundTrip(address: ListenAddress) throws {
        #expect(try ListenAddress.parse(address.description) == address)
    }

    @Test("IPv6 hosts are bracketed in the description")
    func description() {
        #expect(ListenAddress.tcp(host: "::1", port: 9000).description == "tcp:[::1]:9000")
        #expect(ListenAddress.tcp(host: "127.0.0.1", port: 9000).description == "tcp:127.0.0.1:9000")
        #expect(ListenAddress.unix(path: "/x").description == "unix:/x")
    }

    @Test(
        "loopback: unix sockets, 127.0.0.0/8, ::1 and localhost",
        arguments: [
            (ListenAddress.unix(path: "/run/x.sock"), true), (.tcp(host: "127.0.0.1", port: 1), true),
            (.tcp(host: "127.1.2.3", port: 1), true), (.tcp(host: "::1", port: 1), true),
            (.tcp(host: "localhost", port: 1), true), (.tcp(host: "0.0.0.0", port: 1), false),
            (.tcp(host: "::", port: 1), false), (.tcp(host: "10.0.0.1", port: 1), false),
            (.tcp(host: "128.0.0.1", port: 1), false), (.tcp(host: "1127.0.0.1", port: 1), false),
        ])
    func loopback(address: ListenAddress, expected: Bool) {
        #expect(address.isLoopback == expected)
    }
}
