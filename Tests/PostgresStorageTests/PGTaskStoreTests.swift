import Storage
import Testing

@testable import PostgresStorage

/// The same expectations as the SQLite store's tests, on a real server.
@Suite(.enabled(if: TestDatabase.serverURL != nil, "PG_TEST_URL is not set"))
struct PGTaskStoreTests {
    private func titles(_ store: PGTaskStore, _ query: TaskListQuery, owner: String = "alice") throws -> [String] {
        try store.list(owner: owner, query: query).map(\.title)
    }

    @Test func createsReadsUpdatesTogglesAndDeletes() throws {
        let database = try TestDatabase()
        let store = PGTaskStore(pool: database.pool)
        let task = try store.create(owner: "alice", title: "t", description: "d", now: 1_000)
        #expect(task.createdAt == 1_000 && task.updatedAt == 1_000 && !task.completed)
        #expect(try store.get(owner: "alice", id: task.id) == task)

        let changed = try store.update(
            owner: "alice", id: task.id, changes: TaskChanges(description: .some(nil)), now: 500)
        #expect(changed?.description == nil)
        #expect(changed?.updatedAt == 1_001)  // strictly later, even with an earlier clock
        #expect(try store.update(owner: "alice", id: task.id, changes: TaskChanges(), now: 9_000) == changed)
        let toggled = try store.toggle(owner: "alice", id: task.id, now: 2_000)
        #expect(toggled?.completed == true && toggled?.updatedAt == 2_000)
        let renamed = try store.update(
            owner: "alice", id: task.id, changes: TaskChanges(title: "u", completed: false), now: 2_000)
        #expect(renamed?.title == "u" && renamed?.completed == false && renamed?.updatedAt == 2_001)
        #expect(try store.delete(owner: "alice", id: task.id))
        #expect(try !store.delete(owner: "alice", id: task.id))
        #expect(try store.get(owner: "alice", id: task.id) == nil)
        // Ids are never reused.
        #expect(try store.create(owner: "alice", title: "n", description: nil, now: 3).id > task.id)
    }

    @Test func anotherOwnersTaskIsInvisibleAndUntouchable() throws {
        let database = try TestDatabase()
        let store = PGTaskStore(pool: database.pool)
        let task = try store.create(owner: "alice", title: "private", description: "mine", now: 1_000)
        #expect(try store.get(owner: "bob", id: task.id) == nil)
        let changes = TaskChanges(title: "hacked", description: .some(nil), completed: true)
        #expect(try store.update(owner: "bob", id: task.id, changes: changes, now: 2_000) == nil)
        #expect(try store.toggle(owner: "bob", id: task.id, now: 2_000) == nil)
        #expect(try !store.delete(owner: "bob", id: task.id))
        #expect(try titles(store, TaskListQuery(search: "private"), owner: "bob").isEmpty)
        #expect(try store.get(owner: "Alice", id: task.id) == nil)
        #expect(try store.get(owner: "alice", id: task.id) == task)
    }

    @Test func sortsByTitleIgnoringUnicodeCaseLikeSQLite() throws {
        let database = try TestDatabase()
        let store = PGTaskStore(pool: database.pool)
        for (offset, title) in ["Zebra", "éclair", "apple", "Éclair", "Apple", "ÄPFEL", "äpfel"].enumerated() {
            _ = try store.create(owner: "alice", title: title, description: nil, now: Int64(1_000 + offset))
        }
        #expect(
            try titles(store, TaskListQuery(sort: .title))
                == ["apple", "Apple", "Zebra", "ÄPFEL", "äpfel", "éclair", "Éclair"])
        #expect(
            try titles(store, TaskListQuery(sort: .titleDescending))
                == ["Éclair", "éclair", "äpfel", "ÄPFEL", "Zebra", "Apple", "apple"])
    }

    @Test func sortsByTimesWithTiesBrokenByIdAndPages() throws {
        let database = try TestDatabase()
        let store = PGTaskStore(pool: database.pool)
        var ids: [Int64] = []
        for (title, now) in [("a", 1_000), ("b", 1_000), ("c", 2_000), ("d", 2_000)] {
            ids.append(try store.create(owner: "alice", title: title, description: nil, now: Int64(now)).id)
        }
        #expect(try titles(store, TaskListQuery(sort: .created)) == ["a", "b", "c", "d"])
        #expect(try titles(store, TaskListQuery()) == ["d", "c", "b", "a"])
        _ = try store.toggle(owner: "alice", id: ids[0], now: 5_000)
        _ = try store.toggle(owner: "alice", id: ids[2], now: 5_000)
        #expect(try titles(store, TaskListQuery(sort: .updated)) == ["b", "d", "a", "c"])
        #expect(try titles(store, TaskListQuery(sort: .updatedDescending)) == ["c", "a", "d", "b"])
        #expect(try titles(store, TaskListQuery(status: .completed, sort: .created)) == ["a", "c"])
        #expect(try titles(store, TaskListQuery(status: .pending, sort: .created)) == ["b", "d"])
        #expect(try titles(store, TaskListQuery(sort: .created, limit: 2, offset: 1)) == ["b", "c"])
        #expect(try titles(store, TaskListQuery(limit: 0)) == [])
    }

    @Test func searchesTitleAndDescriptionTreatingWildcardsLiterally() throws {
        let database = try TestDatabase()
        let store = PGTaskStore(pool: database.pool)
        _ = try store.create(owner: "alice", title: "100% done", description: nil, now: 1)
        _ = try store.create(owner: "alice", title: "100 percent", description: nil, now: 2)
        _ = try store.create(owner: "alice", title: "snake_case", description: nil, now: 3)
        _ = try store.create(owner: "alice", title: "snakeXcase", description: nil, now: 4)
        _ = try store.create(owner: "alice", title: "Dessert", description: "Crème BRÛLÉE", now: 5)
        _ = try store.create(owner: "alice", title: "ÉCLAIR au café", description: nil, now: 6)
        _ = try store.create(owner: "bob", title: "crème brûlée too", description: nil, now: 7)

        #expect(try titles(store, TaskListQuery(search: "%")) == ["100% done"])
        #expect(try titles(store, TaskListQuery(search: "_")) == ["snake_case"])
        #expect(try titles(store, TaskListQuery(search: "crème brûlée")) == ["Dessert"])
        #expect(try titles(store, TaskListQuery(search: "Éclair AU")) == ["ÉCLAIR au café"])
        #expect(try titles(store, TaskListQuery(search: "snake")) == ["snakeXcase", "snake_case"])
        #expect(try titles(store, TaskListQuery(search: "brûlée"), owner: "bob") == ["crème brûlée too"])
    }

    @Test func keepsNulAndControlCharactersExactly() throws {
        let database = try TestDatabase()
        let store = PGTaskStore(pool: database.pool)
        let text = "nul\u{0}inside \u{1}\u{1f} control"
        let task = try store.create(owner: "a\u{0}b", title: text, description: text, now: 1)
        #expect(task.title == text && task.description == text && task.userId == "a\u{0}b")
        #expect(try store.get(owner: "a\u{0}b", id: task.id) == task)
        #expect(try store.get(owner: "a", id: task.id) == nil)
        #expect(try titles(store, TaskListQuery(search: "\u{0}INSIDE"), owner: "a\u{0}b") == [text])
    }
}
