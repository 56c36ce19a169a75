import JSON

/// `--dump-help`: the command tree as JSON for scripts/manpage.py, with the field names of swift-argument-parser's
/// `--experimental-dump-help` that the script reads (commandName, abstract, discussion, shouldDisplay,
/// subcommands, arguments with kind, names, preferredName, valueName, isOptional and defaultValue).
enum HelpDump {
    static func json(_ root: Command) -> String {
        JSONValue.object(["serializationVersion": .number(0), "command": command(root, isRoot: true)])
            .serializedString + "\n"
    }

    private static func command(_ command: Command, isRoot: Bool = false) -> JSONValue {
        var members: [String: JSONValue] = [
            "commandName": .string(command.name),
            "abstract": .string(command.abstract),
            "shouldDisplay": .bool(!command.isHidden),
            "arguments": .array((command.arguments + Argument.builtInFlags(isRoot: isRoot)).map(argument)),
            "subcommands": .array(command.subcommands.map { Self.command($0) }),
        ]
        if let discussion = command.discussion { members["discussion"] = .string(discussion) }
        if let name = command.defaultSubcommand { members["defaultSubcommand"] = .string(name) }
        return .object(members)
    }

    private static func argument(_ argument: Argument) -> JSONValue {
        let name: JSONValue = .object(["kind": .string("long"), "name": .string(argument.name)])
        var members: [String: JSONValue] = [
            "kind": .string(argument.kind.rawValue),
            "valueName": .string(argument.valueName),
            "abstract": .string(argument.help),
            "shouldDisplay": .bool(true),
            "isOptional": .bool(!argument.isRequired),
        ]
        if argument.kind != .positional {
            members["names"] = .array([name])
            members["preferredName"] = name
        }
        if let discussion = argument.discussion { members["discussion"] = .string(discussion) }
        if let defaultValue = argument.defaultValue { members["defaultValue"] = .string(defaultValue) }
        return .object(members)
    }
}
