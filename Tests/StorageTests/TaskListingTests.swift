import Testing

@testable import Storage

@Suite struct TaskListingTests {
    @Test func searchesTitleAndDescriptionTreatingWildcardsLiterally() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        _ = try store.create(owner: "alice", title: "100% done", description: nil, now: 1)
        _ = try store.create(owner: "alice", title: "100 percent", description: nil, now: 2)
        _ = try store.create(owner: "alice", title: "snake_case", description: nil, now: 3)
        _ = try store.create(owner: "alice", title: "snakeXcase", description: nil, now: 4)
        _ = try store.create(owner: "alice", title: "Dessert", description: "Crème BRÛLÉE", now: 5)
        _ = try store.create(owner: "alice", title: "ÉCLAIR au café", description: nil, now: 6)
        _ = try store.create(owner: "bob", title: "crème brûlée too", description: nil, now: 7)

        #expect(try fixture.titles(TaskListQuery(search: "%")) == ["100% done"])
        #expect(try fixture.titles(TaskListQuery(search: "_")) == ["snake_case"])
        #expect(try fixture.titles(TaskListQuery(search: "0% D")) == ["100% done"])
        #expect(try fixture.titles(TaskListQuery(search: "crème brûlée")) == ["Dessert"])
        #expect(try fixture.titles(TaskListQuery(search: "Éclair AU")) == ["ÉCLAIR au café"])
        #expect(try fixture.titles(TaskListQuery(search: "CAFÉ")) == ["ÉCLAIR au café"])
        #expect(try fixture.titles(TaskListQuery(search: "snake")) == ["snakeXcase", "snake_case"])
        #expect(try fixture.titles(TaskListQuery(search: "nothing like it")) == [])
        #expect(try fixture.titles(TaskListQuery(search: "brûlée"), owner: "bob") == ["crème brûlée too"])
    }

    @Test func filtersByStatus() throws {
        let fixture = try StoreFixture()
        let tasks = try fixture.create(["one", "two", "three"])
        _ = try fixture.store.toggle(owner: "alice", id: tasks[1].id, now: 10)

        #expect(try fixture.titles(TaskListQuery(status: .all)) == ["three", "two", "one"])
        #expect(try fixture.titles(TaskListQuery(status: .pending)) == ["three", "one"])
        #expect(try fixture.titles(TaskListQuery(status: .completed)) == ["two"])
        #expect(try fixture.titles(TaskListQuery(status: .pending, search: "ONE")) == ["one"])
        #expect(try fixture.titles(TaskListQuery(status: .completed, search: "one")) == [])
    }

    @Test func pagesWithLimitAndOffset() throws {
        let fixture = try StoreFixture()
        try fixture.create(["1", "2", "3", "4", "5"])

        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2)) == ["1", "2"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 2)) == ["3", "4"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 4)) == ["5"])
        #expect(try fixture.titles(TaskListQuery(sort: .created, limit: 2, offset: 10)) == [])
        #expect(try fixture.titles(TaskListQuery(limit: 0)) == [])
        #expect(try fixture.titles(TaskListQuery(sort: .createdDescending, limit: 3, offset: 1)) == ["4", "3", "2"])
    }

    @Test func defaultListingUsesTheOwnerCreatedIndexWithoutSorting() throws {
        let fixture = try StoreFixture()
        for status in TaskStatusFilter.allCases {
            for searching in [false, true] {
                let plan = try queryPlan(fixture, status: status, sort: .createdDescending, searching: searching)
                #expect(plan.contains { $0.contains("USING INDEX tasks_owner_created (user_id=?)") }, "\(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
            }
        }
        let updated = try queryPlan(fixture, status: .all, sort: .updatedDescending, searching: false)
        #expect(updated.contains { $0.contains("USING INDEX tasks_owner_updated (user_id=?)") }, "\(updated)")
    }

    private func queryPlan(
        _ fixture: StoreFixture,
        status: TaskStatusFilter,
        sort: TaskSortOrder,
        searching: Bool
    ) throws -> [String] {
        let sql = TaskSQL.list(status: status, sort: sort, searching: searching)
        var bindings: [SQLiteValue] = [.text("alice"), .integer(100), .integer(0)]
        if searching {
            bindings.append(.text("x"))
        }
        return try fixture.connection.query("EXPLAIN QUERY PLAN " + sql, bindings) { $0.text(3) }
    }
}
