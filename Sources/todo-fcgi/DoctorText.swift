/// Text helpers of the doctor's messages.
enum DoctorText {
    /// `text` without leading and trailing white space (tabs and Unicode space separators, and with `newlines`
    /// the line and paragraph separators too), as Foundation's `.whitespaces` / `.whitespacesAndNewlines` trim.
    static func trimmed(_ text: some StringProtocol, newlines: Bool) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator { return true }
            return newlines && ("\n"..."\r" ~= scalar || ["\u{85}", "\u{2028}", "\u{2029}"].contains(scalar))
        }
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
