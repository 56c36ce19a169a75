import FastCGI
import Glibc
import Testing

@Suite("ListeningSocket.open on TCP")
struct TCPSocketTests {
    @Test(
        "127.0.0.1 port 0 binds an ephemeral loopback port that accepts connections",
        arguments: ["127.0.0.1", "localhost"])
    func ephemeralPort(host: String) throws {
        let descriptor = try ListeningSocket.open(.tcp(host: host, port: 0))
        defer { close(descriptor) }
        #expect(isListening(descriptor))
        let port = try #require(boundPort(descriptor))
        #expect(port != 0)
        #expect(canConnect(loopbackPort: port))
    }

    @Test("a port another listener holds is refused")
    func portInUse() throws {
        let first = try ListeningSocket.open(.tcp(host: "127.0.0.1", port: 0))
        defer { close(first) }
        let port = try #require(boundPort(first))
        let problem = openProblem(.tcp(host: "127.0.0.1", port: port))
        #expect(problem?.hasPrefix("cannot bind 127.0.0.1:\(port): ") == true)
    }

    @Test("a host name other than localhost is refused", arguments: ["example.com", "127.0.0.256", ""])
    func hostName(host: String) {
        #expect(
            openProblem(.tcp(host: host, port: 9000)) == #"FCGI_SOCKET host must be an IP address (got "\#(host)")"#)
    }
}
