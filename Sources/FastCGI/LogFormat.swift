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
        let year = Int(parts.tm_year) + 1900
        let millis = nanoseconds / 1_000_000
        guard (0...9999).contains(year), (0...999).contains(millis) else {
            return "\(year)-\(padded(Int(parts.tm_mon) + 1, 2))-\(padded(Int(parts.tm_mday), 2))"
                + "T\(padded(Int(parts.tm_hour), 2)):\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2))"
                + ".\(padded(millis, 3))Z"
        }
        // Every request's line has one: 24 bytes written at fixed offsets, one allocation.
        return String(unsafeUninitializedCapacity: 24) { out in
            func digits(_ value: Int, _ width: Int, at offset: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            digits(year, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            digits(Int(parts.tm_mon) + 1, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            digits(Int(parts.tm_mday), 2, at: 8)
            out[10] = UInt8(ascii: "T")
            digits(Int(parts.tm_hour), 2, at: 11)
            out[13] = UInt8(ascii: ":")
            digits(Int(parts.tm_min), 2, at: 14)
            out[16] = UInt8(ascii: ":")
            digits(Int(parts.tm_sec), 2, at: 17)
            out[19] = UInt8(ascii: ".")
            digits(millis, 3, at: 20)
            out[23] = UInt8(ascii: "Z")
            return 24
        }
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
