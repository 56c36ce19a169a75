import Storage
import Testing

@Suite struct OwnerScopingTests {
    @Test(arguments: Driver.available)
    func anotherOwnersTaskIsInvisibleAndUntouchable(_ driver: Driver) throws {
        let fixture = try StoreFixture(driver)
        let task = try fixture.tasks.create(owner: "alice", title: "private", description: "mine", now: 1_000)
        let store = fixture.tasks

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
}
