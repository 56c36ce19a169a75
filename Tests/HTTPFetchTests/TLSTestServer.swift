import Glibc
import TestSupport

/// `openssl s_server -www` on 127.0.0.1 with a freshly generated self-signed certificate (P-256, CN=localhost),
/// whose subjectAltName the test chooses. Stopped with `stop()`.
final class TLSTestServer {
    let port: UInt16
    /// The PEM certificate, which a test may choose to trust.
    let certificateFile: String
    private let directory = TemporaryDirectory()
    private let server: Subprocess
    private let output: Int32

    init(subjectAltName: String = "DNS:localhost") {
        certificateFile = directory.file("cert.pem")
        let keyFile = directory.file("key.pem")
        let generated = Subprocess.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyFile, "-out", certificateFile, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=\(subjectAltName)",
        ])
        precondition(generated, "openssl req failed")
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0, "pipe failed")
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        server = Subprocess(
            ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", certificateFile, "-key", keyFile, "-www"],
            stdout: ends[1])
        close(ends[1])
        output = ends[0]
        port = Self.readAcceptedPort(from: output)
    }

    /// Terminates s_server.
    func stop() {
        server.terminate()
        close(output)
    }

    /// Reads s_server's stdout up to its "ACCEPT 127.0.0.1:<port>" line, which it prints once it is listening.
    private static func readAcceptedPort(from descriptor: Int32) -> UInt16 {
        var text: [UInt8] = []
        var byte: UInt8 = 0
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            precondition(poll(&entry, 1, 10_000) == 1 && read(descriptor, &byte, 1) == 1, "s_server did not start")
            guard byte == UInt8(ascii: "\n") else {
                text.append(byte)
                continue
            }
            let line = String(decoding: text, as: UTF8.self)
            text.removeAll()
            if line.hasPrefix("ACCEPT "), let colon = line.lastIndex(of: ":"),
                let port = UInt16(line[line.index(after: colon)...])
            {
                return port
            }
        }
    }
}
