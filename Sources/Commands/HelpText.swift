/// The help a command prints for `--help`: OVERVIEW, the discussion, USAGE, ARGUMENTS, OPTIONS and SUBCOMMANDS,
/// wrapped to 80 columns, in swift-argument-parser's layout (which the tool used before this module).
enum HelpText {
    static let width = 80
    /// Where the help column of a listing starts.
    static let column = 26

    /// The whole help of `command`, found at `path` below the tool's root `tool`.
    static func help(for command: Command, path: [String], tool: String) -> String {
        var out = "OVERVIEW: \(command.abstract)\n\n"
        if let discussion = command.discussion { out += wrap(discussion, indent: 0) + "\n\n" }
        out += "USAGE: \(usage(for: command, path: path, tool: tool))\n\n"
        let positionals = command.arguments.filter { $0.kind == .positional }
        if !positionals.isEmpty {
            out += "ARGUMENTS:\n"
            for argument in positionals { out += entry(argument.synopsis, describe(argument)) }
            out += "\n"
        }
        out += "OPTIONS:\n"
        for argument in command.arguments where argument.kind != .positional {
            out += entry(argument.synopsis, describe(argument))
        }
        for flag in Argument.builtInFlags(isRoot: path.isEmpty) {
            out += entry(flag.name == "help" ? "-h, --help" : flag.synopsis, flag.help)
        }
        let subcommands = command.visibleSubcommands
        if !subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for sub in subcommands {
                let label = sub.name + (sub.name == command.defaultSubcommand ? " (default)" : "")
                out += entry(label, sub.abstract)
            }
            out += "\n  See '\(tool) help \(path.map { $0 + " " }.joined())<subcommand>' for detailed help.\n"
        }
        return out
    }

    /// The usage line: the command's words, then its arguments (optional ones in brackets), or `<subcommand>`.
    static func usage(for command: Command, path: [String], tool: String) -> String {
        var words = [tool] + path
        guard command.body != nil else { return (words + ["<subcommand>"]).joined(separator: " ") }
        for argument in command.arguments {
            words.append(argument.isRequired ? argument.synopsis : "[\(argument.synopsis)]")
        }
        if !command.visibleSubcommands.isEmpty { words.append("[<subcommand>]") }
        return words.joined(separator: " ")
    }

    private static func describe(_ argument: Argument) -> String {
        var text = argument.help
        if let defaultValue = argument.defaultValue { text += " (default: \(defaultValue))" }
        if let discussion = argument.discussion { text += "\n" + discussion }
        return text
    }

    /// One listing line: the label, then the text from `column` on (on the next line when the label is long).
    private static func entry(_ label: String, _ text: String) -> String {
        let lead = "  " + label
        let body = wrap(text, indent: column)
        let bodyStart = body.dropFirst(column)
        if lead.count < column - 1 {
            return lead + String(repeating: " ", count: column - lead.count) + bodyStart + "\n"
        }
        return lead + "\n" + body + "\n"
    }

    /// `text` word-wrapped to `width` columns, every line indented by `indent` spaces; its own line breaks kept.
    static func wrap(_ text: String, indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = margin
            for word in paragraph.split(separator: " ") {
                if line.count > indent && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = margin
                }
                line += (line.count > indent ? " " : "") + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
