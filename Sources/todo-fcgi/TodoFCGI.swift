import ArgumentParser

/// The `todo-fcgi` command line.
struct TodoFCGI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "todo-fcgi",
        abstract: "A multi-user task API served over FastCGI behind nginx.",
        version: BuildInfo.versionLine,
        subcommands: [
            Serve.self, Migrate.self, Token.self, Keygen.self, UserCommand.self, Doctor.self, Config.self,
            NFKCCheck.self,
        ],
        defaultSubcommand: Serve.self
    )
}
