import JSON
import Storage

/// Writes users in Better Auth's shape: `{"id", "name", "email", "emailVerified", "image", "createdAt",
/// "updatedAt"}`. The password hash is never written.
enum UserJSON {
    static func write(_ user: UserRecord, to writer: inout JSONWriter) {
        writer.raw("{\"id\":")
        writer.string(user.id)
        writer.raw(",\"name\":")
        writer.string(user.name)
        writer.raw(",\"email\":")
        writer.string(user.email)
        writer.raw(",\"emailVerified\":")
        writer.bool(user.emailVerified)
        writer.raw(",\"image\":")
        if let image = user.image { writer.string(image) } else { writer.null() }
        writer.raw(",\"createdAt\":")
        writer.string(Timestamp.format(milliseconds: user.createdAt))
        writer.raw(",\"updatedAt\":")
        writer.string(Timestamp.format(milliseconds: user.updatedAt))
        writer.raw("}")
    }
}
