import Storage
import Testing

@Suite struct StorageExecutorTests {
    @Test(arguments: Driver.available)
    func writeCommitsItsBlockOrRollsItAllBack(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let insert = fixture.sql(
            "INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES (?1, ?2, ?3, 1, 1)")
        let failure = StorageError(.failure, "the block gave up")

        let thrown = try #require(throws: StorageError.self) {
            try fixture.executor.write { runner throws(StorageError) in
                try runner.execute(insert, [.text("alice"), .text("undone"), .bool(false)])
                throw failure
            }
        }
        #expect(thrown.description == failure.description)
        #expect(try fixture.count("tasks", userID: "alice") == 0)

        let changed = try fixture.executor.write { runner throws(StorageError) in
            try runner.execute(insert, [.text("alice"), .text("one"), .bool(false)])
                + runner.execute(insert, [.text("alice"), .text("two"), .bool(true)])
        }
        #expect(changed == 2)
        #expect(try fixture.titles(TaskListQuery(sort: .created)) == ["one", "two"])
        #expect(try fixture.titles(TaskListQuery(status: .completed)) == ["two"])
    }
}
