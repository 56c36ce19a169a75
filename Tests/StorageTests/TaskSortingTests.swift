import Storage
import Testing

@Suite struct TaskSortingTests {
    /// Four tasks: "a" and "b" share created_at 1000, "c" and "d" share 2000; ids rise a, b, c, d.
    private func tiedFixture(_ driver: Driver) throws -> StoreFixture {
        let fixture = try StoreFixture(driver)
        for (title, now) in [("a", 1_000), ("b", 1_000), ("c", 2_000), ("d", 2_000)] {
            _ = try fixture.tasks.create(owner: "alice", title: title, description: nil, now: Int64(now))
        }
        return fixture
    }

    @Test(arguments: Driver.available)
    func sortsByCreatedWithTiesBrokenById(_ driver: Driver) throws {
        let fixture = try tiedFixture(driver)
        #expect(try fixture.titles(TaskListQuery(sort: .created)) == ["a", "b", "c", "d"])
        #expect(try fixture.titles(TaskListQuery(sort: .createdDescending)) == ["d", "c", "b", "a"])
        #expect(try fixture.titles(TaskListQuery()) == ["d", "c", "b", "a"])  // the default
    }

    @Test(arguments: Driver.available)
    func sortsByUpdatedWithTiesBrokenById(_ driver: Driver) throws {
        let fixture = try tiedFixture(driver)
        let tasks = try fixture.tasks.list(owner: "alice", query: TaskListQuery(sort: .created))
        // a and c move to 5000 (a tie), b and d stay where they were.
        _ = try fixture.tasks.toggle(owner: "alice", id: tasks[0].id, now: 5_000)
        _ = try fixture.tasks.toggle(owner: "alice", id: tasks[2].id, now: 5_000)

        #expect(try fixture.titles(TaskListQuery(sort: .updated)) == ["b", "d", "a", "c"])
        #expect(try fixture.titles(TaskListQuery(sort: .updatedDescending)) == ["c", "a", "d", "b"])
        // Filtering and paging keep the order, ties included.
        #expect(try fixture.titles(TaskListQuery(status: .completed, sort: .created)) == ["a", "c"])
        #expect(try fixture.titles(TaskListQuery(status: .pending, sort: .created)) == ["b", "d"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 1)) == ["b", "c"])
    }

    @Test(arguments: Driver.available)
    func sortsByTitleIgnoringUnicodeCase(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        try fixture.create(["Zebra", "éclair", "apple", "Éclair", "Apple", "ÄPFEL", "äpfel"])

        // Folded titles compare by code point: apple < zebra < äpfel < éclair; equal folds tie by id.
        #expect(
            try fixture.titles(TaskListQuery(sort: .title))
                == ["apple", "Apple", "Zebra", "ÄPFEL", "äpfel", "éclair", "Éclair"])
        #expect(
            try fixture.titles(TaskListQuery(sort: .titleDescending))
                == ["Éclair", "éclair", "äpfel", "ÄPFEL", "Zebra", "Apple", "apple"])
    }
}
