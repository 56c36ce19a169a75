#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One plain-text mail: what a route sends (a reset or a verification link).
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var text: String

    public init(from: String, to: String, subject: String, text: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
    }

    /// The complete RFC 5322 message, with LF line ends as `sendmail -t` reads them: From, To, Subject, Date,
    /// Message-ID, MIME-Version and `Content-Type: text/plain; charset=utf-8`. Header values lose any CR or LF,
    /// so nothing a user typed can add a header; a non-ASCII subject is RFC 2047 encoded.
    /// - Parameters:
    ///   - date: Unix seconds.
    ///   - messageID: the unique left part of the Message-ID; the domain is the sender's.
    public func rendered(date: Int, messageID: String) -> [UInt8] {
        let domain = Self.headerValue(from.split(separator: "@").last.map(String.init) ?? "localhost")
        var lines = [
            "From: \(Self.headerValue(from))",
            "To: \(Self.headerValue(to))",
            "Subject: \(Self.encodedSubject(Self.headerValue(subject)))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(Self.headerValue(messageID))@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]
        lines.append(text.replacingCRLF())
        var message = Array(lines.joined(separator: "\n").utf8)
        if message.last != UInt8(ascii: "\n") { message.append(UInt8(ascii: "\n")) }
        return message
    }

    /// `to` shortened for a log line: `a…@example.com` (never the whole address).
    public static func redacted(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@"), let first = address.first, at != address.startIndex else {
            return "…"
        }
        return "\(first)…\(address[at...])"
    }

    static func headerValue(_ value: String) -> String {
        String(value.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }

    static func encodedSubject(_ subject: String) -> String {
        guard subject.utf8.contains(where: { $0 >= 0x80 }) else { return subject }
        return "=?utf-8?B?\(Base64.encode(Array(subject.utf8)))?="
    }

    /// `Thu, 03 Dec 2026 20:19:07 +0000`.
    static func rfc5322Date(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }
}

extension String {
    /// CR LF and lone CR as LF.
    fileprivate func replacingCRLF() -> String {
        String(map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
    }
}

/// Standard base64 (RFC 4648 §4), for RFC 2047 encoded words.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                out.append(
                    position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
