/// One line of a `.env` file, parsed by the rules `DotEnv` documents.
enum DotEnvLine: Equatable {
    /// A blank line or a comment.
    case blank
    /// `KEY=VALUE`.
    case variable(key: String, value: String)
    /// Anything else; the reason never holds the line's value.
    case malformed(String)

    static func parse(_ line: [Unicode.Scalar]) -> DotEnvLine {
        var cursor = Cursor(line)
        cursor.skipBlanks()
        if cursor.atEnd || cursor.peek == "#" { return .blank }
        cursor.skipExportPrefix()
        guard let key = cursor.key() else {
            return .malformed(
                line.contains("=")
                    ? "the name before = is not a valid name (letters, digits and _, not starting with a digit)"
                    : "not a KEY=VALUE line")
        }
        cursor.skipBlanks()
        guard cursor.peek == "=" else {
            return .malformed(
                line.contains("=")
                    ? "the name before = is not a valid name (letters, digits and _, not starting with a digit)"
                    : "not a KEY=VALUE line")  // no key in this message: the "key" may be a pasted secret
        }
        cursor.advance()
        let valueStart = cursor.position
        cursor.skipBlanks()
        let value: String
        switch cursor.peek {
        case "'":
            guard let quoted = cursor.singleQuoted() else { return .malformed("\(key): unterminated single quote") }
            value = quoted
        case "\"":
            guard let quoted = cursor.doubleQuoted() else { return .malformed("\(key): unterminated double quote") }
            value = quoted
        default:
            return .variable(key: key, value: unquoted(Array(line[valueStart...])))
        }
        cursor.skipBlanks()
        guard cursor.atEnd || cursor.peek == "#" else {
            return .malformed("\(key): only a # comment may follow the closing quote")
        }
        return .variable(key: key, value: value)
    }

    /// An unquoted value: up to a `#` that follows a space or tab, trimmed.
    private static func unquoted(_ raw: [Unicode.Scalar]) -> String {
        var end = raw.endIndex
        for index in raw.indices where raw[index] == "#" && index > raw.startIndex && isBlank(raw[index - 1]) {
            end = index
            break
        }
        var text = raw[..<end]
        while let first = text.first, isBlank(first) { text = text.dropFirst() }
        while let last = text.last, isBlank(last) { text = text.dropLast() }
        return String(String.UnicodeScalarView(text))
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

    /// A position in a line.
    struct Cursor {
        let scalars: [Unicode.Scalar]
        var position = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { position >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[position] }
        mutating func advance() { position += 1 }

        mutating func skipBlanks() {
            while let scalar = peek, DotEnvLine.isBlank(scalar) { advance() }
        }

        /// `export` followed by a space or tab is dropped (a key named `export` stays).
        mutating func skipExportPrefix() {
            let word = Array("export".unicodeScalars)
            guard scalars.count > position + word.count, Array(scalars[position..<position + word.count]) == word,
                DotEnvLine.isBlank(scalars[position + word.count])
            else { return }
            position += word.count
            skipBlanks()
        }

        /// `[A-Za-z_][A-Za-z0-9_]*`, or nil (the cursor unmoved) when none starts here.
        mutating func key() -> String? {
            func isLetter(_ s: Unicode.Scalar) -> Bool {
                ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_"
            }
            guard let first = peek, isLetter(first) else { return nil }
            let start = position
            while let scalar = peek, isLetter(scalar) || ("0"..."9").contains(scalar) { advance() }
            return String(String.UnicodeScalarView(scalars[start..<position]))
        }

        /// The text between single quotes, taken literally; nil if the quote does not close on this line.
        mutating func singleQuoted() -> String? {
            advance()
            let start = position
            while let scalar = peek, scalar != "'" { advance() }
            guard !atEnd else { return nil }
            let text = String(String.UnicodeScalarView(scalars[start..<position]))
            advance()
            return text
        }

        /// The text between double quotes with `\"`, `\\` and `\n` unescaped; nil if the quote does not close.
        mutating func doubleQuoted() -> String? {
            advance()
            var text = String.UnicodeScalarView()
            while let scalar = peek {
                advance()
                switch scalar {
                case "\"":
                    return String(text)
                case "\\":
                    guard let next = peek else { return nil }
                    advance()
                    switch next {
                    case "\"", "\\": text.append(next)
                    case "n": text.append("\n")
                    default: text.append(contentsOf: ["\\", next])
                    }
                default:
                    text.append(scalar)
                }
            }
            return nil
        }
    }
}
