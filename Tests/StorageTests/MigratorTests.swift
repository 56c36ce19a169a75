import Storage
import Testing

/// The migrator through each driver's executor (SQLite-only and PostgreSQL-only checks live in those drivers'
/// test targets).
@Suite struct MigratorTests {
    @Test(arguments: Driver.available)
    func migratesAnEmptyDatabase(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver, migrated: false)
        let latest = Migrator.latestVersion(driver.dialect)
        #expect(try Migrator.version(of: fixture.executor) == 0)

        let result = try Migrator.migrate(fixture.executor)

        #expect(result.from == 0)
        #expect(result.to == latest)
        #expect(try Migrator.version(of: fixture.executor) == latest)
        let names = try fixture.schemaNames()
        for name in ["tasks", "tasks_owner_created", "tasks_owner_updated", "revocations", "revocations_time"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test(arguments: Driver.available)
    func isIdempotent(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let latest = Migrator.latestVersion(driver.dialect)
        let task = try fixture.tasks.create(owner: "alice", title: "kept", description: nil, now: 1)

        let again = try Migrator.migrate(fixture.executor)
        let second = try fixture.reopen()

        #expect(again.from == latest && again.to == latest)
        #expect(try SQLTaskStore(second).get(owner: "alice", id: task.id) == task)
    }

    @Test(arguments: Driver.available)
    func refusesADatabaseNewerThanTheCode(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let latest = Migrator.latestVersion(driver.dialect)
        let newer = latest + 1
        try fixture.script(driver.dialect.schema.setVersionScript(newer))

        let error = try #require(throws: StorageError.self) { try Migrator.migrate(fixture.executor) }
        #expect(error.kind == .schemaNewerThanCode)
        #expect(error.description.contains("version \(newer)"))
        #expect(error.description.contains("up to version \(latest)"))
        let reopening = try #require(throws: StorageError.self) { try fixture.reopen() }
        #expect(reopening.kind == .schemaNewerThanCode)
        #expect(try Migrator.version(of: fixture.executor) == newer)
    }
}
