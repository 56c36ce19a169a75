/// A `.env` file, read with the one syntax todo-fcgi accepts (the scripts ask the binary; nothing else parses it):
///
/// - one `KEY=VALUE` per line (LF, CRLF or CR endings), optionally preceded by `export `; spaces and tabs around
///   the line and around `=` are ignored; a later line wins over an earlier one with the same key;
/// - blank lines, and lines whose first character that is not a space or tab is `#`, are comments;
/// - KEY is `[A-Za-z_][A-Za-z0-9_]*`;
/// - `'VALUE'` is taken literally (it cannot hold `'`);
/// - `"VALUE"` understands `\"` (a quote), `\\` (a backslash) and `\n` (a newline); any other backslash is kept
///   as it is (`"a\d"` is `a\d`);
/// - after a closing quote only spaces, tabs and a `#` comment may follow;
/// - an unquoted VALUE ends where a `#` follows a space or tab (an inline comment) and is trimmed; a `#` inside a
///   word stays (`A=x#y` is `x#y`);
/// - nothing is expanded or executed (`$HOME` is five characters); a quoted value ends on its own line.
///
/// Any other line is malformed: it is skipped and reported by its number and the reason, never with its text.
public struct DotEnv: Sendable, Equatable {
    /// A line that was skipped: its number (from 1) and why. It never holds the line's text or value.
    public struct Malformed: Sendable, Equatable, CustomStringConvertible {
        /// The line's number, counting from 1.
        public let line: Int
        /// Why the line was skipped, naming its key when the key itself is well formed.
        public let reason: String

        /// `line N: reason`.
        public var description: String { "line \(line): \(reason)" }
    }

    /// The variables the file defines.
    public private(set) var variables: [String: String] = [:]
    /// The lines that were skipped, in file order.
    public private(set) var malformed: [Malformed] = []

    /// Reads `text`, the contents of a `.env` file.
    public init(parsing text: String) {
        var number = 0
        for line in Self.lines(of: text) {
            number += 1
            switch DotEnvLine.parse(line) {
            case .blank: continue
            case .variable(let key, let value): variables[key] = value
            case .malformed(let reason): malformed.append(Malformed(line: number, reason: reason))
            }
        }
    }

    /// The variables defined by `text` (its malformed lines skipped).
    public static func parse(_ text: String) -> [String: String] {
        DotEnv(parsing: text).variables
    }

    /// The lines of `text` as Unicode scalars, split at LF, CRLF or CR; a leading byte order mark is dropped.
    private static func lines(of text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(current)
                current = []
            } else if !(scalar == "\u{FEFF}" && lines.isEmpty && current.isEmpty) {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
