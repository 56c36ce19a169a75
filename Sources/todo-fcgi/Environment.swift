import Glibc
import TodoAPI

/// Loads the configuration: the process environment first, then `./.env` (see `DotEnv` for its syntax).
enum Environment {
    /// The process environment.
    static var variables: [String: String] { SystemFiles.environment }

    /// TODO_SKIP_DOTENV=1 (set by `make test`, `make bench`, ...): `./.env` is not read, by any command.
    static var skipsDotEnv: Bool { variables["TODO_SKIP_DOTENV"] == "1" }

    /// `./.env` exists but cannot be read as text.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "cannot read ./.env as UTF-8 text (check its permissions and encoding)" }
    }

    /// The variables of `./.env`: none when it is absent or TODO_SKIP_DOTENV=1. Its malformed lines are skipped
    /// with a warning on stderr that gives their numbers, never their text.
    static func dotenv() throws(Unreadable) -> [String: String] {
        guard !skipsDotEnv, SystemFiles.exists(".env") else { return [:] }
        guard let data = SystemFiles.read(".env"), let text = String(validating: data, as: UTF8.self)
        else { throw Unreadable() }
        let file = DotEnv(parsing: text)
        for line in file.malformed {
            SystemFiles.writeStandardError("todo-fcgi: warning: ./.env \(line); the line is ignored\n")
        }
        return file.variables
    }

    static func configuration(requireSecret: Bool = true) throws -> Configuration {
        try Configuration.load(environment: variables, dotenv: try dotenv(), requireSecret: requireSecret)
    }

    /// `configuration(requireSecret:)` for a command: a problem ends the command with its message.
    static func commandConfiguration(requireSecret: Bool = true) -> Configuration {
        do {
            return try configuration(requireSecret: requireSecret)
        } catch {
            fail("\(error)")
        }
    }

    /// The environment and `./.env`, after checking every value as `serve` does (a problem ends the command with
    /// its message): the layers the `config` commands print from.
    static func checkedLayers(requireSecret: Bool) -> (environment: [String: String], dotenv: [String: String]) {
        let environment = variables
        do {
            let dotenv = try dotenv()
            _ = try Configuration.load(environment: environment, dotenv: dotenv, requireSecret: requireSecret)
            return (environment, dotenv)
        } catch {
            fail("\(error)")
        }
    }

    /// Prints `message` on stderr and exits with `code` (1: configuration or start-up failure).
    static func fail(_ message: String, code: Int32 = 1) -> Never {
        SystemFiles.writeStandardError("todo-fcgi: \(message)\n")
        exit(code)
    }
}
