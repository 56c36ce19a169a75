import Glibc

/// The pieces of a logfmt line: `key=value` pairs separated by spaces, a value quoted only when it must be.
public enum LogFormat {
    /// `value` as one logfmt value: bare when it is non-empty and holds no space, `"`, `=`, `\` or control
    /// character; otherwise in double quotes with `"` and `\` escaped and control characters written `\n`, `\r`,
    /// `\t` or `\u{XX}`, so that a value can never end its line or forge another field.
    public static func value(_ value: String) -> String {
        guard needsQuotes(value) else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\u{\(String(scalar.value, radix: 16))}"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        quoted += "\""
        return quoted
    }

    private static func needsQuotes(_ value: String) -> Bool {
        value.isEmpty
            || value.utf8.contains { byte in
                byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=")
                    || byte == UInt8(ascii: "\\")
            }
    }

    /// The RFC 3339 UTC time with milliseconds, `2026-12-03T07:30:00.123Z`, of `seconds` and `nanoseconds`
    /// since the Unix epoch.
    public static func timestamp(seconds: Int, nanoseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return "\(Int(parts.tm_year) + 1900)-\(padded(Int(parts.tm_mon) + 1, 2))-\(padded(Int(parts.tm_mday), 2))"
            + "T\(padded(Int(parts.tm_hour), 2)):\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2))"
            + ".\(padded(nanoseconds / 1_000_000, 3))Z"
    }

    /// The current wall-clock time as `timestamp(seconds:nanoseconds:)` writes it.
    public static func now() -> String {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        return timestamp(seconds: Int(clock.tv_sec), nanoseconds: Int(clock.tv_nsec))
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
