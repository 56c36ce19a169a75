import CSQLite
import Storage

/// Unicode case folding shared by SQL (`casefold(text)`) and Swift, so a search term folded in Swift matches
/// text folded by SQLite.
enum Casefold {
    /// `text` folded for case-insensitive comparison (Unicode lower-casing, not just ASCII).
    static func fold(_ text: String) -> String {
        text.lowercased()
    }
}

extension SQLiteConnection {
    /// Registers `casefold(text)`: deterministic, innocuous, NULL for NULL.
    func registerCasefold() throws(StorageError) {
        let db = try handle()
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        let code = sqlite3_create_function_v2(db, "casefold", 1, flags, nil, casefoldFunction, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, db: db).storageError
        }
    }
}

/// The C entry point of `casefold(text)`.
private func casefoldFunction(
    context: OpaquePointer?,
    argumentCount: Int32,
    arguments: UnsafeMutablePointer<OpaquePointer?>?
) {
    guard let value = arguments?[0], sqlite3_value_type(value) != SQLITE_NULL else {
        sqlite3_result_null(context)
        return
    }
    guard let bytes = sqlite3_value_text(value) else {
        sqlite3_result_error_nomem(context)
        return
    }
    let count = Int(sqlite3_value_bytes(value))
    var folded = Casefold.fold(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
    folded.withUTF8 { buffer in
        // A null pointer would make the result NULL instead of "".
        guard let base = buffer.baseAddress else {
            sqlite3_result_text(context, "", 0, sqliteTransient)
            return
        }
        let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        sqlite3_result_text64(context, chars, sqlite3_uint64(buffer.count), sqliteTransient, UInt8(SQLITE_UTF8))
    }
}
