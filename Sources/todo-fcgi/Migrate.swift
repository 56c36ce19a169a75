import Commands
import TodoAPI

/// `todo-fcgi migrate`: applies schema migrations and says what it did.
enum Migrate {
    static let command = Command("migrate", abstract: "Apply database schema migrations.") { _ in run() }

    static func run() {
        let configuration = Environment.commandConfiguration(requireSecret: false)
        let database = DatabaseBackend.from(configuration)
        do {
            let (from, to) = try database.migrate()
            print(
                from == to
                    ? "\(database.name): schema is at version \(to)"
                    : "\(database.name): migrated schema from version \(from) to \(to)")
        } catch {
            Environment.fail("migration failed: \(error)")
        }
    }
}
