import Accounts
import Commands
import Glibc

/// A hidden helper for the NFKC test: each stdin line is hex UTF-8, each stdout line its NFKC form in hex;
/// `--assigned` lists instead the code points libunistring's Unicode database assigns.
enum NFKCCheck {
    static let command = Command(
        "nfkc-check", abstract: "Normalize hex-encoded UTF-8 lines (test helper).",
        arguments: [
            .flag("assigned", help: "Print libunistring's version, then every code point it assigns (hex), one a line.")
        ],
        isHidden: true
    ) { try run(assigned: $0.flag("assigned")) }

    static func run(assigned: Bool) throws(ExitStatus) {
        var out: [UInt8] = []
        if assigned {
            out += Array("libunistring \(UnicodeNFKC.libraryVersion)\n".utf8)
            for scalar: UInt32 in 0...0x10FFFF where UnicodeNFKC.isAssigned(scalar) {
                out += Array(String(scalar, radix: 16).utf8) + [10]
            }
        } else {
            while let line = readLine(strippingNewline: true) {
                out += Self.hex(UnicodeNFKC.normalize(Self.bytes(fromHex: line))) + [10]
            }
        }
        var written = 0
        while written < out.count {
            let n = out[written...].withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ExitStatus(1) }
            written += n
        }
    }

    private static func bytes(fromHex line: String) -> [UInt8] {
        let digits = Array(line.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map {
            UInt8(nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]))
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit <= 57 ? digit - 48 : (digit | 0x20) - 87
    }

    private static func hex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
    }
}
