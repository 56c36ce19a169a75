import Testing

@testable import Storage

@Suite struct OwnerScopingTests {
    @Test func anotherOwnersTaskIsInvisibleAndUntouchable() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "private", description: "mine", now: 1_000)
        let store = fixture.store

        #expect(try store.get(owner: "bob", id: task.id) == nil)
        let changes = TaskChanges(title: "hacked", description: .some(nil), completed: true)
        #expect(try store.update(owner: "bob", id: task.id, changes: changes, now: 2_000) == nil)
        #expect(try store.update(owner: "bob", id: task.id, changes: TaskChanges(), now: 2_000) == nil)
        #expect(try store.toggle(owner: "bob", id: task.id, now: 2_000) == nil)
        #expect(try !store.delete(owner: "bob", id: task.id))
        for status in TaskStatusFilter.allCases {
            #expect(try store.list(owner: "bob", query: TaskListQuery(status: status, search: "private")).isEmpty)
        }
        // Owners compare exactly: no case folding, no prefix.
        #expect(try store.get(owner: "Alice", id: task.id) == nil)
        #expect(try store.get(owner: "alic", id: task.id) == nil)
        #expect(try store.get(owner: "", id: task.id) == nil)

        #expect(try store.get(owner: "alice", id: task.id) == task)
    }

    @Test func everyTaskStatementIsScopedToTheOwner() {
        var statements = [TaskSQL.select, TaskSQL.update, TaskSQL.toggle, TaskSQL.delete]
        for status in TaskStatusFilter.allCases {
            for sort in TaskSortOrder.allCases {
                statements.append(TaskSQL.list(status: status, sort: sort, searching: false))
                statements.append(TaskSQL.list(status: status, sort: sort, searching: true))
            }
        }
        for sql in statements {
            #expect(sql.contains("WHERE user_id = ?1"), "\(sql)")
        }
        #expect(TaskSQL.insert.contains("VALUES (?1,"))
    }
}
