import JSON
import SQLiteStorage
import Storage
import TestSupport
import Testing
import TodoAPI

/// The task list is written through a bounded cursor (one allocation): what it writes must parse back to the same
/// fields, whatever the strings hold, and fit the bound even when every byte needs an escape.
@Suite("TaskJSON")
struct TaskJSONTests {
    private func task(_ id: Int64, title: String, description: String?, completed: Bool = false) -> TaskRecord {
        TaskRecord(
            id: id, userId: "user \"\\ \u{01}", title: title, description: description, completed: completed,
            createdAt: 1_768_123_800_000 + id % 1000, updatedAt: -1)
    }

    private var tasks: [TaskRecord] {
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        return [
            task(1, title: controls, description: nil),
            task(.max, title: "\"\\\"\\", description: controls + controls, completed: true),
            task(.min, title: "日本語 👩‍👩‍👧 e\u{301}", description: ""),
            task(0, title: "", description: "\u{2028}"),
        ]
    }

    /// The JSON array of `records`, each written alone.
    private func array(_ records: [TaskRecord]) -> [UInt8] {
        [UInt8]("[".utf8) + records.map(TaskJSON.encode).joined(separator: [UInt8(ascii: ",")]) + [UInt8(ascii: "]")]
    }

    /// A store whose listing is fixed records (the protocol's default `forEachTask`, one record at a time).
    private final class RecordsStore: TaskStore {
        let records: [TaskRecord]
        init(_ records: [TaskRecord]) { self.records = records }
        func list(owner: String, query: TaskListQuery) throws(StorageError) -> [TaskRecord] { records }
        func create(owner: String, title: String, description: String?, now: Int64) throws(StorageError) -> TaskRecord {
            throw StorageError(.failure, "not used")
        }
        func get(owner: String, id: Int64) throws(StorageError) -> TaskRecord? { nil }
        func update(owner: String, id: Int64, changes: TaskChanges, now: Int64) throws(StorageError) -> TaskRecord? {
            nil
        }
        func toggle(owner: String, id: Int64, now: Int64) throws(StorageError) -> TaskRecord? { nil }
        func delete(owner: String, id: Int64) throws(StorageError) -> Bool { false }
        func ping() throws(StorageError) {}
    }

    @Test("an empty list is []")
    func empty() throws {
        #expect(try TaskJSON.encodeList(RecordsStore([]), owner: "alice", query: TaskListQuery()) == Array("[]".utf8))
    }

    @Test("every field parses back as it was, for escapes, non-ASCII text and both ends of Int64")
    func roundTrip() throws {
        let parsed = try #require(try JSONParser.parse(array(tasks)).arrayValue)
        #expect(parsed.count == tasks.count)
        for (json, task) in zip(parsed, tasks) {
            #expect(json["id"]?.numberValue == Double(task.id))
            #expect(json["user_id"]?.stringValue == task.userId)
            #expect(json["title"]?.stringValue == task.title)
            #expect(json["description"] == task.description.map(JSONValue.string) ?? .null)
            #expect(json["completed"] == .bool(task.completed))
            #expect(json["created_at"]?.stringValue == Timestamp.format(milliseconds: task.createdAt))
            #expect(json["updated_at"]?.stringValue == "1969-12-31T23:59:59.999Z")
        }
    }

    @Test("a task never changed writes its one instant twice, each the formatted timestamp")
    func unchangedTask() throws {
        for instant: Int64 in [0, 1_768_123_800_123, -1, 253_402_300_799_999] {
            let record = TaskRecord(
                id: 7, userId: "alice", title: "t", description: nil, completed: true, createdAt: instant,
                updatedAt: instant)
            let json = try JSONParser.parse(TaskJSON.encode(record))
            #expect(json["created_at"]?.stringValue == Timestamp.format(milliseconds: instant))
            #expect(json["updated_at"]?.stringValue == Timestamp.format(milliseconds: instant))
            #expect(json["completed"] == .bool(true))
        }
    }

    @Test("a list of the owner's own tasks is each task encoded alone, byte for byte")
    func ownersList() throws {
        let owned = tasks.map { task in
            TaskRecord(
                id: task.id, userId: "alice", title: task.title, description: task.description,
                completed: task.completed, createdAt: task.createdAt, updatedAt: task.updatedAt)
        }
        let list = try TaskJSON.encodeList(RecordsStore(owned), owner: "alice", query: TaskListQuery())
        #expect(list == array(owned))
        #expect(try JSONParser.parse(list).arrayValue?.first?["user_id"] == .string("alice"))
    }

    @Test("one task is the list's element, byte for byte")
    func single() throws {
        let list = try TaskJSON.encodeList(RecordsStore(tasks), owner: "alice", query: TaskListQuery())
        #expect(list == array(tasks))
    }

    @Test("a list written from SQLite's buffers is what encoding each listed record writes, invalid UTF-8 included")
    func listFromRows() throws {
        let directory = TemporaryDirectory()
        let connection = try SQLiteDatabase.open(path: directory.file("todo.db"))
        defer { connection.close() }
        let store = SQLTaskStore(connection)
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let titles = ["plain ASCII, long enough for the eight-byte scan", controls, "\"\\", "日本語 👩‍👩‍👧", "x"]
        for (index, title) in titles.enumerated() {
            _ = try store.create(
                owner: "owner \"q\"", title: title, description: index % 2 == 0 ? nil : title + "!", now: Int64(index))
        }
        // Bytes that are not UTF-8, stored by another program: repaired (U+FFFD) on both paths alike.
        try connection.execute("UPDATE tasks SET description = CAST(X'61FF62C3' AS TEXT) WHERE title = 'x'", [])
        for query in [TaskListQuery(), TaskListQuery(limit: 1), TaskListQuery(limit: 2, offset: 4)] {
            let records = try store.list(owner: "owner \"q\"", query: query)
            let written = try TaskJSON.encodeList(store, owner: "owner \"q\"", query: query)
            #expect(written == array(records))
        }
        #expect(try store.list(owner: "owner \"q\"", query: TaskListQuery()).first?.description == "a\u{FFFD}b\u{FFFD}")
        #expect(try TaskJSON.encodeList(store, owner: "nobody", query: TaskListQuery()) == Array("[]".utf8))
    }
}
