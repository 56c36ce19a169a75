import Storage
import Testing

@testable import Accounts

@Suite struct DeleteUserTests: ServiceSuite {
    let fixture: ServiceFixture

    @Test func removesTheUserTheirTasksAndTokens() throws {
        let ada = try fixture.signUpAda()
        let bob = try service.signUp(name: "Bob", email: "bob@example.com", password: "bobs password", now: now).get()
        for owner in [ada.user.id, bob.user.id] {
            _ = try fixture.tasks.create(owner: owner, title: "one", description: nil, now: now)
            _ = try fixture.tasks.create(owner: owner, title: "two", description: "2", now: now)
        }

        #expect(
            try service.deleteUser(userID: ada.user.id, password: "wrong horse", now: now).failure
                == .invalidPassword)
        #expect(try fixture.count("tasks", userID: ada.user.id) == 2)

        #expect(try service.deleteUser(userID: ada.user.id, password: "correct horse", now: now).isSuccess)

        for table in ["users", "tasks", "refresh_tokens"] {
            #expect(try fixture.count(table, userID: ada.user.id) == 0, "\(table)")
        }
        #expect(try fixture.count("tasks", userID: bob.user.id) == 2)
        #expect(try fixture.count("refresh_tokens", userID: bob.user.id) == 1)
        #expect(try service.user(id: ada.user.id) == nil)
        #expect(try service.refresh(token: ada.refreshToken, now: now).failure == .invalidRefreshToken)
        #expect(
            try service.signIn(email: "ada@example.com", password: "correct horse", now: now).failure
                == .invalidEmailOrPassword)
        #expect(
            try service.deleteUser(userID: ada.user.id, password: "correct horse", now: now).failure
                == .userNotFound)
    }
}
