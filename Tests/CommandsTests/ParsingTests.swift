import Commands
import Testing

/// A tree shaped like todo-fcgi's: a default subcommand, a group with a default of its own, a hidden helper.
let sampleTool = CommandLineTool(
    root: Command(
        "tool", abstract: "A sample tool.",
        subcommands: [
            Command(
                "serve", abstract: "Serve.",
                arguments: [
                    .option("threads", help: "Worker threads."), .flag("allow-remote", help: "Allow remote."),
                    .option("log-file", valueName: "path", help: "Log here."),
                ]
            ) { _ in },
            Command(
                "token", abstract: "Tokens.",
                subcommands: [
                    Command(
                        "mint", abstract: "Mint one.",
                        arguments: [
                            .option("sub", help: "The subject.", required: true),
                            .option("alg", help: "The algorithm.", default: "HS256"),
                        ]
                    ) { _ in },
                    Command(
                        "verify", abstract: "Verify one.",
                        arguments: [.option("now", help: "The time."), .positional("token", help: "The token.")]
                    ) { _ in },
                ], defaultSubcommand: "mint"),
            Command("group", abstract: "Only a group.", subcommands: [Command("leaf", abstract: "A leaf.") { _ in }]),
            Command("helper", abstract: "Hidden.", isHidden: true) { _ in },
        ], defaultSubcommand: "serve"),
    version: "tool 1.0")

/// The command path and arguments a command line runs, or nil with the failure's text.
func parsed(_ words: [String]) -> (path: [String], arguments: ParsedArguments)? {
    guard case .run(_, let arguments) = sampleTool.invocation(for: words) else { return nil }
    return (arguments.commandPath, arguments)
}

func usageError(_ words: [String]) -> String? {
    guard case .usageError(let text) = sampleTool.invocation(for: words) else { return nil }
    return text
}

func output(_ words: [String]) -> String? {
    guard case .output(let text) = sampleTool.invocation(for: words) else { return nil }
    return text
}

@Suite("CommandLineTool parsing")
struct ParsingTests {
    @Test("options as two words or with =, flags, and the last of a repeated option")
    func optionsAndFlags() throws {
        let result = try #require(parsed(["serve", "--threads", "4", "--allow-remote", "--log-file=/tmp/x=y"]))
        #expect(result.path == ["serve"])
        #expect(try result.arguments.int("threads") == 4)
        #expect(result.arguments.flag("allow-remote"))
        #expect(result.arguments.string("log-file") == "/tmp/x=y")
        let repeated = try #require(parsed(["serve", "--threads", "4", "--threads", "6"]))
        #expect(try repeated.arguments.int("threads") == 6)
        let bare = try #require(parsed(["serve"]))
        #expect(!bare.arguments.flag("allow-remote") && bare.arguments.string("threads") == nil)
    }

    @Test("no subcommand word runs the default, down every level")
    func defaults() throws {
        #expect(try #require(parsed([])).path == ["serve"])
        let serve = try #require(parsed(["--threads", "2"]))
        #expect(serve.path == ["serve"] && serve.arguments.string("threads") == "2")
        let mint = try #require(parsed(["token", "--sub", "u1"]))
        #expect(mint.path == ["token", "mint"] && mint.arguments.string("sub") == "u1")
        #expect(try #require(parsed(["token", "verify", "abc"])).arguments.string("token") == "abc")
    }

    @Test("positional values, -- before a value that looks like an option, negative numbers as values")
    func positionals() throws {
        let plain = try #require(parsed(["token", "verify", "--now", "-5", "eyJ"]))
        #expect(plain.arguments.string("token") == "eyJ")
        #expect(try plain.arguments.double("now") == -5)
        let dashed = try #require(parsed(["token", "verify", "--", "--not-an-option"]))
        #expect(dashed.arguments.string("token") == "--not-an-option")
    }

    @Test("usage mistakes name the mistake and the command's usage")
    func mistakes() throws {
        let cases: [([String], String)] = [
            (["serve", "--bogus"], "Unknown option '--bogus'"),
            (["serve", "-x"], "Unknown option '-x'"),
            (["serve", "--threads"], "Missing value for '--threads <threads>'"),
            (["serve", "--threads", "--allow-remote"], "Missing value for '--threads <threads>'"),
            (["serve", "--allow-remote=yes"], "The flag '--allow-remote' does not take a value"),
            (["foo"], "Unexpected argument 'foo'"),
            (["token", "mint"], "Missing expected argument '--sub <sub>'"),
            (["token", "verify"], "Missing expected argument '<token>'"),
            (["token", "verify", "a", "b"], "Unexpected argument 'b'"),
            (["group", "nope"], "Unexpected argument 'nope'"),
            (["--version", "x"], "Unexpected argument 'x'"),
            (["--generate-completion-script", "tcsh"], "needs one of bash, zsh, fish"),
        ]
        for (words, message) in cases {
            let text = try #require(usageError(words), "\(words) was accepted")
            #expect(text.hasPrefix("Error: ") && text.contains(message), "\(words): \(text)")
            #expect(text.contains("\nUsage: tool"), "\(words): \(text)")
        }
        let mint = try #require(usageError(["token", "mint"]))
        #expect(mint.contains("Usage: tool token mint --sub <sub> [--alg <alg>]"), "\(mint)")
        #expect(mint.contains("See 'tool token mint --help'"), "\(mint)")
    }

    @Test("a value of the wrong form is a usage error from the typed reader")
    func typedValues() throws {
        let result = try #require(parsed(["serve", "--threads", "four"]))
        #expect(throws: UsageError.self) { try result.arguments.int("threads") }
        let now = try #require(parsed(["token", "verify", "--now", "nan", "t"]))
        #expect(throws: UsageError.self) { try now.arguments.double("now") }
    }

    @Test("--version prints the version line; a group without a body prints its help")
    func versionAndGroups() throws {
        #expect(output(["--version"]) == "tool 1.0\n")
        let group = try #require(output(["group"]))
        #expect(group.contains("USAGE: tool group <subcommand>") && group.contains("leaf"))
    }
}
