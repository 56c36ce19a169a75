/// Reads one command's words: `--name value` or `--name=value` for an option, `--name` for a flag, anything else
/// (and everything after `--`) as the next positional value.
enum ArgumentScanner {
    static func parse(_ words: [String], for command: Command, path: [String]) throws(UsageError) -> ParsedArguments {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        let positionals = command.arguments.filter { $0.kind == .positional }
        var positionalIndex = 0
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if !onlyPositionals && word == "--" {
                onlyPositionals = true
                continue
            }
            if !onlyPositionals && word.hasPrefix("-") && word != "-" {
                let (name, inlineValue) = split(word)
                guard name.hasPrefix("--"), let argument = named(String(name.dropFirst(2)), in: command) else {
                    throw UsageError("Unknown option '\(name)'")
                }
                switch argument.kind {
                case .flag:
                    guard inlineValue == nil else { throw UsageError("The flag '\(name)' does not take a value") }
                    flags.insert(argument.name)
                case .option:
                    if let inlineValue {
                        values[argument.name] = inlineValue
                    } else if index < words.count, !isOptionLike(words[index]) {
                        values[argument.name] = words[index]
                        index += 1
                    } else {
                        throw UsageError("Missing value for '\(argument.synopsis)'")
                    }
                case .positional:
                    throw UsageError("Unknown option '\(name)'")
                }
                continue
            }
            guard positionalIndex < positionals.count else { throw UsageError("Unexpected argument '\(word)'") }
            values[positionals[positionalIndex].name] = word
            positionalIndex += 1
        }
        for argument in command.arguments where argument.isRequired && values[argument.name] == nil {
            throw UsageError("Missing expected argument '\(argument.synopsis)'")
        }
        return ParsedArguments(commandPath: path, values: values, flags: flags)
    }

    /// `--name=value` as its name and value; any other word as itself and no value.
    private static func split(_ word: String) -> (name: Substring, value: String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word[...], nil) }
        return (word[..<equals], String(word[word.index(after: equals)...]))
    }

    /// The option or flag `name` of `command` (positional values have no option name).
    private static func named(_ name: String, in command: Command) -> Argument? {
        command.arguments.first { $0.kind != .positional && $0.name == name }
    }

    /// A word that starts another option, so cannot be a value: `-x` or `--x`, but not `-` or a negative number.
    private static func isOptionLike(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word != "-" else { return false }
        return Double(word) == nil
    }
}
