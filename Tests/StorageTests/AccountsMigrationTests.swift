import TestSupport
import Testing

@testable import Storage

@Suite struct AccountsMigrationTests {
    @Test func version2CreatesUsersAndRefreshTokens() throws {
        let fixture = try UserStoreFixture()
        #expect(try Migrator.version(of: fixture.connection) >= 2)
        let names = try fixture.connection.query("SELECT name FROM sqlite_master") { $0.text(0) }
        for name in ["users", "refresh_tokens", "refresh_tokens_user", "refresh_tokens_family"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test func aVersion1DatabaseKeepsItsTasks() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.file("todo.db"))
        _ = try Migrator.migrate(connection, migrations: Array(Migration.all.prefix(1)))
        let task = try SQLiteTaskStore(connection: connection).create(owner: "a", title: "t", description: nil, now: 1)

        let result = try Migrator.migrate(connection)

        #expect(result.from == 1 && result.to == Migration.latestVersion)
        #expect(try SQLiteTaskStore(connection: connection).get(owner: "a", id: task.id) == task)
    }

    @Test func refreshTokensNeedAStoredUserAndA32ByteHash() throws {
        let fixture = try UserStoreFixture()
        #expect(throws: SQLiteError.self) {
            try fixture.users.insertRefreshToken(
                hash: UserStoreFixture.hash(1), userID: "ghost", familyID: "f", expiresAt: 10, now: 1)
        }
        #expect(try fixture.users.insert(UserStoreFixture.user("u1", email: "a@example.com")))
        #expect(throws: SQLiteError.self) {
            try fixture.users.insertRefreshToken(hash: [1, 2, 3], userID: "u1", familyID: "f", expiresAt: 10, now: 1)
        }
    }
}
