import Accounts
import Commands
import SQLiteStorage
import Storage
import TodoAPI

/// `todo-fcgi user`: account administration.
enum UserCommand {
    static let command = Command("user", abstract: "Manage accounts.", subcommands: [Import.command])

    /// `todo-fcgi user import --better-auth-sqlite PATH`.
    enum Import {
        static let command = Command(
            "import", abstract: "Import users (with their password hashes) from a Better Auth SQLite database.",
            discussion: """
                Reads the `user` table and the `account` rows whose providerId is `credential`, in one transaction. \
                Users whose id or email is already here are skipped, so running it twice is harmless.
                """,
            arguments: [
                .option(
                    "better-auth-sqlite", help: "The Better Auth SQLite database file (read-only).", required: true)
            ]
        ) { run(betterAuthSQLite: $0.string("better-auth-sqlite") ?? "") }

        static func run(betterAuthSQLite: String) {
            let configuration = Environment.commandConfiguration(requireSecret: false)
            let plan: BetterAuthImport.Plan
            do {
                let source = try SQLiteDatabase.openReadOnly(path: betterAuthSQLite)
                defer { source.close() }
                plan = try BetterAuthImport.read(from: source)
            } catch {
                Environment.fail("cannot read \(betterAuthSQLite) as a Better Auth database: \(error)")
            }
            let report: ImportReport
            do {
                report = try DatabaseBackend.from(configuration).withUserStore { try $0.importUsers(plan.users) }
            } catch {
                Environment.fail("import failed, nothing was imported: \(error)")
            }
            print("imported \(report.imported), skipped \(report.skipped), refused \(plan.refused.count)")
            let imported = Set(plan.users.map(\.id)).subtracting(report.skippedIDs)
            for id in plan.withoutPassword where imported.contains(id) {
                print("  imported without a password (no credential account): \(id)")
            }
            for id in report.skippedIDs { print("  skipped \(id): its id or email is already here") }
            for refusal in plan.refused { print("  refused \(refusal.id): \(refusal.reason)") }
        }
    }
}
