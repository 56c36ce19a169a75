import Commands
import TodoAPI

/// `todo-fcgi config`: the settings in effect, read as `serve` reads them, for the scripts and for people.
/// The scripts never parse `.env` themselves: `make run` evaluates `todo-fcgi config --shell`.
enum Config {
    static let command = Command(
        "config", abstract: "Print the settings in effect (the environment, then ./.env), never a secret.",
        discussion: """
            --shell prints the settings the scripts read (DATABASE_PATH, HOST, PORT, FCGI_SOCKET, \
            AUTH_RATE_PER_MINUTE, and CORS_ALLOWED_ORIGINS, WEB_ROOT and NGINX_WORKERS when set) as `export NAME='value'` lines for \
            the shell's eval, after checking every value as `serve` does. Secrets (BETTER_AUTH_SECRET, \
            DATABASE_URL) are never printed. With TODO_SKIP_DOTENV=1, ./.env is not read.
            """,
        arguments: [
            .flag("shell", help: "Print the scripts' settings as shell `export` lines (for eval)."),
            .flag(
                "require-secret",
                help: "With --shell: fail, as serve would, when BETTER_AUTH_SECRET is missing or too short."),
        ],
        subcommands: [ConfigGet.command]
    ) { arguments in
        guard arguments.flag("shell") else { throw UsageError("give --shell, or a subcommand (config get NAME)") }
        printShellSettings(requireSecret: arguments.flag("require-secret"))
    }

    /// The scripts' settings as `export NAME='value'` lines, after checking every value as `serve` does.
    static func printShellSettings(requireSecret: Bool) {
        let (environment, dotenv) = Environment.checkedLayers(requireSecret: requireSecret)
        for setting in Configuration.settings where setting.readByScripts && !setting.isSecret {
            guard let value = Configuration.layeredValue(setting.name, environment: environment, dotenv: dotenv)
            else { continue }
            print("export \(setting.name)=\(Self.shellQuoted(value))")
        }
    }

    /// `value` in single quotes, each `'` written as `'\''`: the shell takes every other character literally.
    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacing("'", with: #"'\''"#) + "'"
    }
}
