/// The SQL text of every task listing, one per combination of status filter, sort order and search, built once
/// from a dialect's `Fragments` (each `SQLDialect` holds one).
public struct TaskListTexts: Sendable {
    private struct Shape: Hashable {
        var status: TaskStatusFilter
        var sort: TaskSortOrder
        var searching: Bool
    }

    /// The parts of a listing that differ between dialects.
    public struct Fragments: Sendable {
        /// The SELECT of the task columns, scoped to the owner (placeholder 1).
        public var select: String
        /// Appended for `.pending` and `.completed`.
        public var pending: String
        public var completed: String
        /// Appended when searching: title or description contains placeholder 4, case-insensitively and literally.
        public var search: String
        /// The case-folded title, the key of the title orders.
        public var titleKey: String
        /// Limit (placeholder 2) and offset (placeholder 3).
        public var page: String

        public init(
            select: String, pending: String, completed: String, search: String, titleKey: String, page: String
        ) {
            self.select = select
            self.pending = pending
            self.completed = completed
            self.search = search
            self.titleKey = titleKey
            self.page = page
        }
    }

    private let texts: [Shape: String]

    /// Every listing built from `fragments`: the owner's rows, filtered, searched, ordered (ties broken by id)
    /// and paged.
    public init(_ fragments: Fragments) {
        self.init { status, sort, searching in
            var sql = fragments.select
            switch status {
            case .all: break
            case .pending: sql += fragments.pending
            case .completed: sql += fragments.completed
            }
            if searching { sql += fragments.search }
            sql += " ORDER BY " + Self.orderBy(sort, titleKey: fragments.titleKey) + fragments.page
            return sql
        }
    }

    private static func orderBy(_ sort: TaskSortOrder, titleKey: String) -> String {
        switch sort {
        case .created: return "created_at, id"
        case .createdDescending: return "created_at DESC, id DESC"
        case .updated: return "updated_at, id"
        case .updatedDescending: return "updated_at DESC, id DESC"
        case .title: return "\(titleKey), id"
        case .titleDescending: return "\(titleKey) DESC, id DESC"
        }
    }

    /// Calls `build` once for every combination.
    init(build: (TaskStatusFilter, TaskSortOrder, Bool) -> String) {
        var texts: [Shape: String] = [:]
        for status in TaskStatusFilter.allCases {
            for sort in TaskSortOrder.allCases {
                for searching in [false, true] {
                    texts[Shape(status: status, sort: sort, searching: searching)] = build(status, sort, searching)
                }
            }
        }
        self.texts = texts
    }

    /// The text for one listing.
    public func text(status: TaskStatusFilter, sort: TaskSortOrder, searching: Bool) -> String {
        texts[Shape(status: status, sort: sort, searching: searching)]!
    }
}
