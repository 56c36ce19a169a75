/// Parses `.env` text: `KEY=VALUE` lines, an optional `export ` prefix, `#` comments, and values in
/// single or double quotes. Later lines win. Malformed lines are skipped.
public enum DotEnv {
    /// The variables defined by `text`.
    public static func parse(_ text: String) -> [String: String] {
        var variables: [String: String] = [:]
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = rawLine.trimmingASCIISpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).trimmingASCIISpaces() }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals].trimmingASCIISpaces())
            guard !key.isEmpty, key.allSatisfy({ $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                continue
            }
            var value = line[line.index(after: equals)...].trimmingASCIISpaces()
            if let quote = value.first, quote == "\"" || quote == "'" {
                let body = value.dropFirst()
                if let closing = body.firstIndex(of: quote) { value = body[..<closing] } else { value = body }
            } else if let comment = inlineComment(in: value) {
                value = value[..<comment].trimmingASCIISpaces()
            }
            variables[key] = String(value)
        }
        return variables
    }

    /// Where an unquoted value's ` #` comment starts, if it has one.
    private static func inlineComment(in value: Substring) -> Substring.Index? {
        var previous: Character = "x"
        for index in value.indices {
            if value[index] == "#" && (previous == " " || previous == "\t") { return index }
            previous = value[index]
        }
        return nil
    }
}
