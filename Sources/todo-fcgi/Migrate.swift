import ArgumentParser
import Storage
import TodoAPI

/// `todo-fcgi migrate`: applies schema migrations and says what it did.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database schema migrations.")

    func run() throws {
        let configuration: Configuration
        do {
            configuration = try Environment.configuration(requireSecret: false)
        } catch {
            Environment.fail("\(error)")
        }
        do {
            let connection = try SQLiteConnection(path: configuration.databasePath)
            let (from, to) = try Migrator.migrate(connection)
            connection.close()
            print(
                from == to
                    ? "\(configuration.databasePath): schema is at version \(to)"
                    : "\(configuration.databasePath): migrated schema from version \(from) to \(to)")
        } catch {
            Environment.fail("migration failed: \(error)")
        }
    }
}
