import Commands

/// The `todo-fcgi` command line.
enum TodoFCGI {
    static let tool = CommandLineTool(
        root: Command(
            "todo-fcgi",
            abstract: "A multi-user task API served over FastCGI behind nginx.",
            subcommands: [
                Serve.command, Migrate.command, Token.command, Keygen.command, UserCommand.command, Doctor.command,
                Config.command, NFKCCheck.command,
            ],
            defaultSubcommand: "serve"),
        version: BuildInfo.versionLine)
}
