import Testing

@testable import Storage

@Suite struct TaskCRUDTests {
    @Test func createsAndGets() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "Buy milk", description: "2 litres", now: 1_234)

        #expect(task.id > 0)
        #expect(task.userId == "alice")
        #expect(task.title == "Buy milk")
        #expect(task.description == "2 litres")
        #expect(!task.completed)
        #expect(task.createdAt == 1_234 && task.updatedAt == 1_234)
        #expect(try fixture.store.get(owner: "alice", id: task.id) == task)
        let bare = try fixture.store.create(owner: "alice", title: "no description", description: nil, now: 1)
        #expect(try fixture.store.get(owner: "alice", id: bare.id)?.description == nil)
        #expect(try fixture.store.get(owner: "alice", id: 999) == nil)
    }

    @Test func updatesOnlyTheNamedFields() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "old", description: "text", now: 1_000)

        let renamed = try #require(
            try fixture.store.update(owner: "alice", id: task.id, changes: TaskChanges(title: "new"), now: 2_000))
        #expect(renamed.title == "new" && renamed.description == "text" && !renamed.completed)
        #expect(renamed.createdAt == 1_000 && renamed.updatedAt == 2_000)

        let described = try fixture.store.update(
            owner: "alice", id: task.id, changes: TaskChanges(description: .some("other")), now: 3_000)
        #expect(described?.description == "other" && described?.title == "new")

        let cleared = try fixture.store.update(
            owner: "alice", id: task.id, changes: TaskChanges(description: .some(nil), completed: true), now: 4_000)
        #expect(cleared?.description == nil && cleared?.completed == true && cleared?.title == "new")
        #expect(cleared?.createdAt == 1_000 && cleared?.updatedAt == 4_000)
        #expect(try fixture.store.get(owner: "alice", id: task.id) == cleared)
    }

    @Test func anUpdateThatNamesNothingChangesNothing() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "same", description: nil, now: 1_000)

        let result = try fixture.store.update(owner: "alice", id: task.id, changes: TaskChanges(), now: 9_000)

        #expect(result == task)
        #expect(try fixture.store.get(owner: "alice", id: task.id) == task)
        #expect(try fixture.store.update(owner: "alice", id: 999, changes: TaskChanges(), now: 9_000) == nil)
        #expect(try fixture.store.update(owner: "alice", id: 999, changes: TaskChanges(title: "x"), now: 9_000) == nil)
    }

    @Test func togglesBackAndForth() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "flip", description: nil, now: 1_000)

        let done = try fixture.store.toggle(owner: "alice", id: task.id, now: 2_000)
        let undone = try fixture.store.toggle(owner: "alice", id: task.id, now: 3_000)

        #expect(done?.completed == true && done?.updatedAt == 2_000)
        #expect(undone?.completed == false && undone?.updatedAt == 3_000 && undone?.createdAt == 1_000)
        #expect(try fixture.store.toggle(owner: "alice", id: 999, now: 1) == nil)
    }

    @Test func deletesOnce() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "gone", description: nil, now: 1)

        #expect(try fixture.store.delete(owner: "alice", id: task.id))
        #expect(try fixture.store.get(owner: "alice", id: task.id) == nil)
        #expect(try !fixture.store.delete(owner: "alice", id: task.id))
    }

    @Test func updatedAtMovesStrictlyEvenWithinOneMillisecond() throws {
        let fixture = try StoreFixture()
        let task = try fixture.store.create(owner: "alice", title: "t", description: nil, now: 5_000)
        var stamps: [Int64] = []

        for index in 0..<5 {
            let updated = try fixture.store.update(
                owner: "alice", id: task.id, changes: TaskChanges(title: "t\(index)"), now: 5_000)
            stamps.append(updated!.updatedAt)
        }
        stamps.append(try fixture.store.toggle(owner: "alice", id: task.id, now: 5_000)!.updatedAt)
        // A clock that went backwards still moves it forwards; a later clock wins.
        stamps.append(try fixture.store.toggle(owner: "alice", id: task.id, now: 10)!.updatedAt)
        stamps.append(try fixture.store.toggle(owner: "alice", id: task.id, now: 9_000)!.updatedAt)

        #expect(stamps == [5_001, 5_002, 5_003, 5_004, 5_005, 5_006, 5_007, 9_000])
        #expect(try fixture.store.get(owner: "alice", id: task.id)?.createdAt == 5_000)
    }

    @Test func nulAndEmojiInTitlesRoundTrip() throws {
        let fixture = try StoreFixture()
        let title = "nul\u{0}inside 😀 👩‍👩‍👧 e\u{301}"
        let description = "also\u{0}here 🎉"

        let task = try fixture.store.create(owner: "ünï\u{0}👤", title: title, description: description, now: 1)
        let read = try #require(try fixture.store.get(owner: "ünï\u{0}👤", id: task.id))

        #expect(read.title == title && read.description == description && read.userId == "ünï\u{0}👤")
        #expect(try fixture.store.get(owner: "ünï", id: task.id) == nil)
        #expect(try fixture.titles(TaskListQuery(sort: .title, search: "👩‍👩‍👧"), owner: "ünï\u{0}👤") == [title])
    }

    @Test func pingAnswers() throws {
        let fixture = try StoreFixture()
        try fixture.store.ping()
    }
}
