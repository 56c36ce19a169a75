/// RFC 3339 UTC timestamps with milliseconds (`2026-01-11T09:30:00.000Z`) from Unix milliseconds,
/// without Foundation (this runs for every task in every response).
public enum Timestamp {
    /// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func format(milliseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(milliseconds: milliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Formats Unix seconds (a JWT NumericDate, which may be any double a signer chose): clamped to years
    /// 0000–9999 before any integer conversion, NaN as the epoch.
    public static func format(seconds: Double) -> String {
        let milliseconds = (seconds * 1000).rounded(.down)
        guard !milliseconds.isNaN else { return format(milliseconds: 0) }
        let clamped = min(max(milliseconds, Double(representable.lowerBound)), Double(representable.upperBound))
        return format(milliseconds: Int64(clamped))
    }

    /// Earliest and latest instants with a four-digit year (0000-01-01 and 9999-12-31T23:59:59.999Z).
    static let representable: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// Bytes in a formatted timestamp (`YYYY-MM-DDTHH:MM:SS.mmmZ`).
    public static let length = 24

    /// Appends the formatted timestamp to a byte buffer. Instants outside years 0000–9999 are clamped.
    public static func append(milliseconds: Int64, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: length))
        bytes.withUnsafeMutableBufferPointer { write(milliseconds: milliseconds, to: $0.baseAddress! + start) }
    }

    /// The date part (`YYYY-MM-DD`) of the last day written, so that a list whose tasks share a day computes it
    /// once (the civil-date arithmetic was a tenth of a list request's instructions).
    public struct DateMemo {
        fileprivate var day = Int.min
        fileprivate var date: (UInt64, UInt16) = (0, 0)

        public init() {}
    }

    /// Writes the formatted timestamp, exactly `length` bytes, at `out`. Instants outside years 0000–9999 are
    /// clamped.
    public static func write(milliseconds: Int64, to out: UnsafeMutablePointer<UInt8>) {
        var memo = DateMemo()
        write(milliseconds: milliseconds, to: out, memo: &memo)
    }

    /// `write(milliseconds:to:)`, reusing the date of `memo`'s day.
    public static func write(milliseconds unclamped: Int64, to out: UnsafeMutablePointer<UInt8>, memo: inout DateMemo) {
        let milliseconds = min(max(unclamped, representable.lowerBound), representable.upperBound)
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        let seconds = (milliseconds - Int64(millis)) / 1000
        let day = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(day) * 86_400)
        if day == memo.day {
            UnsafeMutableRawPointer(out).storeBytes(of: memo.date.0, as: UInt64.self)
            UnsafeMutableRawPointer(out + 8).storeBytes(of: memo.date.1, as: UInt16.self)
        } else {
            writeDate(day: day, to: out)
            memo.day = day
            memo.date = (
                UnsafeRawPointer(out).loadUnaligned(as: UInt64.self),
                UnsafeRawPointer(out + 8).loadUnaligned(as: UInt16.self)
            )
        }
        // Fixed-width fields at fixed offsets: this runs twice for every task in every response.
        out[10] = UInt8(ascii: "T")
        twoDigits(secondOfDay / 3600, out + 11)
        out[13] = UInt8(ascii: ":")
        twoDigits(secondOfDay / 60 % 60, out + 14)
        out[16] = UInt8(ascii: ":")
        twoDigits(secondOfDay % 60, out + 17)
        out[19] = UInt8(ascii: ".")
        out[20] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: millis / 100)
        twoDigits(millis % 100, out + 21)
        out[23] = UInt8(ascii: "Z")
    }

    /// `YYYY-MM-DD` of `day` (days since 1970-01-01), 10 bytes at `out`: Howard Hinnant's civil-from-days.
    private static func writeDate(day: Int, to out: UnsafeMutablePointer<UInt8>) {
        let days = day + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        twoDigits(year / 100, out)
        twoDigits(year % 100, out + 2)
        out[4] = UInt8(ascii: "-")
        twoDigits(month, out + 5)
        out[7] = UInt8(ascii: "-")
        twoDigits(dayOfMonth, out + 8)
    }

    @inline(__always)
    private static func twoDigits(_ value: Int, _ out: UnsafeMutablePointer<UInt8>) {
        out[0] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10)
        out[1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
    }
}
