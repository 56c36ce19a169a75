/// One command of a command-line tool: its name, its help, the arguments it takes, its subcommands and what it
/// runs. A tool is the tree of its commands; `CommandLineTool` parses a command line against that tree.
public struct Command: Sendable {
    /// What a command runs with the arguments it was given. Throw `UsageError` for a usage mistake (exit status 2)
    /// or `ExitStatus` to end with a status of its own.
    public typealias Body = @Sendable (ParsedArguments) throws -> Void

    public let name: String
    /// One line for listings and the top of the help.
    public let abstract: String
    /// Paragraphs below the abstract in the help and the man page.
    public let discussion: String?
    public let arguments: [Argument]
    public let subcommands: [Command]
    /// The subcommand run when the words after this command name none (as `serve` for the bare tool).
    public let defaultSubcommand: String?
    /// Left out of the help, the man page and the completions (a test helper).
    public let isHidden: Bool
    /// Nil for a command that only groups subcommands: it prints its help.
    public let body: Body?

    public init(
        _ name: String, abstract: String, discussion: String? = nil, arguments: [Argument] = [],
        subcommands: [Command] = [], defaultSubcommand: String? = nil, isHidden: Bool = false, body: Body? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.subcommands = subcommands
        self.defaultSubcommand = defaultSubcommand
        self.isHidden = isHidden
        self.body = body
    }

    /// The subcommand called `name`, if there is one.
    public func subcommand(_ name: String) -> Command? {
        subcommands.first { $0.name == name }
    }

    /// The subcommands the help, the man page and the completions show.
    public var visibleSubcommands: [Command] {
        subcommands.filter { !$0.isHidden }
    }
}

/// One argument a command takes: an option with a value (`--socket unix:/run/x.sock` or `--socket=…`), a flag
/// (`--force`) or a positional value.
public struct Argument: Sendable {
    public enum Kind: String, Sendable {
        case option, flag, positional
    }

    public let kind: Kind
    /// The long name without its dashes, or a positional value's name.
    public let name: String
    /// How the help shows the value: `<threads>`.
    public let valueName: String
    public let help: String
    public let discussion: String?
    /// Options only: the command line must give it (positional values always must).
    public let isRequired: Bool
    /// Shown in the help as `(default: …)`.
    public let defaultValue: String?

    /// An option that takes a value.
    public static func option(
        _ name: String, valueName: String? = nil, help: String, discussion: String? = nil, required: Bool = false,
        default defaultValue: String? = nil
    ) -> Argument {
        Argument(
            kind: .option, name: name, valueName: valueName ?? name, help: help, discussion: discussion,
            isRequired: required, defaultValue: defaultValue)
    }

    /// A flag: present or not.
    public static func flag(_ name: String, help: String) -> Argument {
        Argument(
            kind: .flag, name: name, valueName: name, help: help, discussion: nil, isRequired: false,
            defaultValue: nil)
    }

    /// A value given by its position, required.
    public static func positional(_ name: String, help: String) -> Argument {
        Argument(
            kind: .positional, name: name, valueName: name, help: help, discussion: nil, isRequired: true,
            defaultValue: nil)
    }

    /// The flags the tool answers itself (`CommandLineTool`): `--version` on the root, then `--help` on every command;
    /// the help, the dump and the completions list them after a command's own.
    static func builtInFlags(isRoot: Bool) -> [Argument] {
        (isRoot ? [flag("version", help: "Show the version.")] : []) + [flag("help", help: "Show help information.")]
    }

    /// How the argument is written: `--threads <threads>`, `--force`, `<token>`.
    public var synopsis: String {
        switch kind {
        case .option: "--\(name) <\(valueName)>"
        case .flag: "--\(name)"
        case .positional: "<\(valueName)>"
        }
    }
}
