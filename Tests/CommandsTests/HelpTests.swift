import Commands
import JSON
import Testing

@Suite("CommandLineTool help, dump and completions")
struct HelpTests {
    @Test("-h, --help and help SUBCOMMAND print the help of the command they follow")
    func helpForms() throws {
        let root = try #require(output(["--help"]))
        #expect(root.hasPrefix("OVERVIEW: A sample tool.\n") && root.contains("USAGE: tool <subcommand>"))
        #expect(root.contains("serve (default)") && root.contains("--version") && !root.contains("helper"))
        let mint = try #require(output(["token", "mint", "-h"]))
        #expect(mint.contains("USAGE: tool token mint --sub <sub> [--alg <alg>]"))
        #expect(mint.contains("The algorithm. (default: HS256)"))
        #expect(output(["help", "token", "mint"]) == mint)
        #expect(output(["token", "mint", "--sub", "x", "--help"]) == mint)
        #expect(try #require(output(["help", "token"])).contains("mint (default)"))
        #expect(usageError(["help", "nothing"]) != nil)
        // After --, --help is a value, not a request for help.
        #expect(parsed(["token", "verify", "--", "--help"])?.arguments.string("token") == "--help")
    }

    @Test("the help is wrapped to 80 columns")
    func wrapped() throws {
        let long = CommandLineTool(
            root: Command(
                "t", abstract: "A.",
                arguments: [.option("option", help: String(repeating: "word ", count: 60))]
            ) { _ in },
            version: "")
        let text = try #require(
            { if case .output(let text) = long.invocation(for: ["--help"]) { text } else { nil } }())
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(text.split(separator: "\n").filter { $0.contains("word") }.count >= 4)
    }

    @Test("--dump-help describes every command and argument, hidden ones marked")
    func dump() throws {
        let dump = try JSONParser.parse(Array(try #require(output(["--dump-help"])).utf8))
        let root = try #require(dump["command"])
        #expect(root["commandName"]?.stringValue == "tool")
        let subs = try #require(root["subcommands"]?.arrayValue)
        #expect(subs.compactMap { $0["commandName"]?.stringValue } == ["serve", "token", "group", "helper"])
        #expect(subs[3]["shouldDisplay"]?.boolValue == false && subs[0]["shouldDisplay"]?.boolValue == true)
        let mint = try #require(subs[1]["subcommands"]?.arrayValue?.first)
        let arguments = try #require(mint["arguments"]?.arrayValue)
        #expect(arguments[0]["kind"]?.stringValue == "option")
        #expect(arguments[0]["preferredName"]?["name"]?.stringValue == "sub")
        #expect(arguments[0]["isOptional"]?.boolValue == false)
        #expect(arguments[1]["defaultValue"]?.stringValue == "HS256")
        #expect(arguments.last?["preferredName"]?["name"]?.stringValue == "help")
        let rootFlags = try #require(root["arguments"]?.arrayValue).compactMap {
            $0["names"]?.arrayValue?.first?["name"]?.stringValue
        }
        #expect(rootFlags == ["version", "help"])
    }

    @Test("each completion script names every visible command and option, and the default's options at its parent")
    func completions() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try #require(output(["--generate-completion-script", shell]))
            for word in ["serve", "token", "mint", "verify", "group", "leaf", "threads", "allow-remote", "sub"] {
                #expect(script.contains(word), "\(shell) lacks \(word)")
            }
            #expect(!script.contains("helper"), "\(shell) offers the hidden command")
        }
        let bash = try #require(output(["--generate-completion-script", "bash"]))
        #expect(bash.contains(#""") words="serve token group --threads --allow-remote --log-file --version --help""#))
        #expect(bash.contains(#""/token") words="mint verify --sub --alg --help""#))
    }
}
