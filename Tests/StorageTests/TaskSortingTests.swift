import Testing

@testable import Storage

@Suite struct TaskSortingTests {
    /// Four tasks: "a" and "b" share created_at 1000, "c" and "d" share 2000; ids rise a, b, c, d.
    private func tiedFixture() throws -> StoreFixture {
        let fixture = try StoreFixture()
        for (title, now) in [("a", 1_000), ("b", 1_000), ("c", 2_000), ("d", 2_000)] {
            _ = try fixture.store.create(owner: "alice", title: title, description: nil, now: Int64(now))
        }
        return fixture
    }

    @Test func sortsByCreatedWithTiesBrokenById() throws {
        let fixture = try tiedFixture()
        #expect(try fixture.titles(TaskListQuery(sort: .created)) == ["a", "b", "c", "d"])
        #expect(try fixture.titles(TaskListQuery(sort: .createdDescending)) == ["d", "c", "b", "a"])
        #expect(try fixture.titles(TaskListQuery()) == ["d", "c", "b", "a"])  // the default
    }

    @Test func sortsByUpdatedWithTiesBrokenById() throws {
        let fixture = try tiedFixture()
        let tasks = try fixture.store.list(owner: "alice", query: TaskListQuery(sort: .created))
        // a and c move to 5000 (a tie), b and d stay where they were.
        _ = try fixture.store.toggle(owner: "alice", id: tasks[0].id, now: 5_000)
        _ = try fixture.store.toggle(owner: "alice", id: tasks[2].id, now: 5_000)

        #expect(try fixture.titles(TaskListQuery(sort: .updated)) == ["b", "d", "a", "c"])
        #expect(try fixture.titles(TaskListQuery(sort: .updatedDescending)) == ["c", "a", "d", "b"])
    }

    @Test func sortsByTitleIgnoringUnicodeCase() throws {
        let fixture = try StoreFixture()
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
