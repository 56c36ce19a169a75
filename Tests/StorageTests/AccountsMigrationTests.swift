import Storage
import Testing

@Suite struct AccountsMigrationTests {
    @Test(arguments: Driver.available)
    func version2CreatesUsersAndRefreshTokens(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        #expect(try Migrator.version(of: fixture.executor) >= 2)
        let names = try fixture.schemaNames()
        for name in ["users", "refresh_tokens", "refresh_tokens_user", "refresh_tokens_family"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test(arguments: Driver.available)
    func aVersion1DatabaseKeepsItsTasks(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver, migrated: false)
        let migrations = driver.dialect.schema.migrations
        _ = try Migrator.migrate(fixture.executor, migrations: Array(migrations.prefix(1)))
        let task = try fixture.tasks.create(owner: "a", title: "t", description: nil, now: 1)

        let result = try Migrator.migrate(fixture.executor)

        #expect(result.from == 1 && result.to == Migrator.latestVersion(driver.dialect))
        #expect(try fixture.tasks.get(owner: "a", id: task.id) == task)
    }
}
