import Glibc

/// A command-line tool: the root command (its name is the tool's) and the version line. It parses a command line
/// into what to do, and `main` does it with the Unix exit statuses: 0, the command's own, 2 for a usage mistake.
///
/// Besides each command's arguments it answers `-h`/`--help` anywhere, `help [subcommand…]`, and, on the root
/// only, `--version`, `--dump-help` (the command tree as JSON, for scripts/manpage.py) and
/// `--generate-completion-script bash|zsh|fish`.
public struct CommandLineTool: Sendable {
    public let root: Command
    public let version: String

    public init(root: Command, version: String) {
        self.root = root
        self.version = version
    }

    /// What a command line asks for.
    public enum Invocation {
        /// Run `command` (its path from the root in `arguments.commandPath`).
        case run(Command, ParsedArguments)
        /// Print this on stdout and exit 0 (help, the version, the dump, a completion script).
        case output(String)
        /// Print this on stderr and exit 2.
        case usageError(String)
    }

    /// The words after the tool's name, parsed against the command tree.
    public func invocation(for words: [String]) -> Invocation {
        if let first = words.first {
            switch first {
            case "--version": return words.count == 1 ? .output(version + "\n") : unexpected(words[1], [])
            case "--dump-help": return .output(HelpDump.json(root))
            case "--generate-completion-script":
                guard words.count == 2, let shell = CompletionScript.Shell(rawValue: words[1]) else {
                    return .usageError(
                        usageMessage("--generate-completion-script needs one of bash, zsh, fish", path: []))
                }
                return .output(CompletionScript.script(for: root, shell: shell))
            case "help": return helpCommand(Array(words.dropFirst()))
            default: break
            }
        }
        var command = root
        var path: [String] = []
        var rest = words[...]
        while let next = rest.first, let sub = command.subcommand(next) {
            command = sub
            path.append(next)
            rest = rest.dropFirst()
        }
        if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            return .output(HelpText.help(for: command, path: path, tool: root.name))
        }
        while let name = command.defaultSubcommand, let sub = command.subcommand(name) {
            command = sub
            path.append(name)
        }
        guard command.body != nil else {
            if let word = rest.first { return unexpected(word, path) }
            return .output(HelpText.help(for: command, path: path, tool: root.name))
        }
        do {
            return .run(command, try ArgumentScanner.parse(Array(rest), for: command, path: path))
        } catch {
            return .usageError(usageMessage(error.message, path: path))
        }
    }

    /// Parses `CommandLine.arguments` (less the program's name), runs what it asks for and exits.
    public func main(_ words: [String]) -> Never {
        switch invocation(for: words) {
        case .output(let text):
            print(text, terminator: "")
            exit(0)
        case .usageError(let text):
            Self.writeStandardError(text)
            exit(2)
        case .run(let command, let arguments):
            do {
                try command.body?(arguments)
                exit(0)
            } catch let error as UsageError {
                Self.writeStandardError(usageMessage(error.message, path: arguments.commandPath))
                exit(2)
            } catch let status as ExitStatus {
                exit(status.code)
            } catch {
                Self.writeStandardError("Error: \(error)\n")
                exit(1)
            }
        }
    }

    /// The root's help, as `--help` prints it.
    public var helpMessage: String {
        HelpText.help(for: root, path: [], tool: root.name)
    }

    /// `Error: MESSAGE`, the usage line of the command at `path` and where to read more.
    public func usageMessage(_ message: String, path: [String]) -> String {
        let command = resolve(path) ?? root
        let name = ([root.name] + path).joined(separator: " ")
        return "Error: \(message)\nUsage: \(HelpText.usage(for: command, path: path, tool: root.name))\n"
            + "  See '\(name) --help' for more information.\n"
    }

    /// The command at `path` from the root, if there is one.
    public func resolve(_ path: [String]) -> Command? {
        var command = root
        for name in path {
            guard let sub = command.subcommand(name) else { return nil }
            command = sub
        }
        return command
    }

    private func helpCommand(_ path: [String]) -> Invocation {
        guard let command = resolve(path) else {
            return .usageError(usageMessage("No subcommand '\(path.joined(separator: " "))'", path: []))
        }
        return .output(HelpText.help(for: command, path: path, tool: root.name))
    }

    private func unexpected(_ word: String, _ path: [String]) -> Invocation {
        .usageError(usageMessage("Unexpected argument '\(word)'", path: path))
    }

    private static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
