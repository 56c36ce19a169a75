import Storage
import Testing

@testable import Accounts

@Suite struct SignUpAndSignInTests: ServiceSuite {
    let fixture: ServiceFixture

    @Test func signUpThenSignIn() throws {
        let signedUp = try service.signUp(
            name: "  Ada Lovelace ", email: " Ada@Example.com", password: "correct horse", now: now
        ).get()

        #expect(signedUp.user.name == "Ada Lovelace")
        #expect(signedUp.user.email == "ada@example.com")
        #expect(signedUp.user.id.count == 32 && !signedUp.user.emailVerified && signedUp.user.image == nil)
        #expect(signedUp.user.createdAt == now && signedUp.user.updatedAt == now)
        #expect(try service.user(id: signedUp.user.id) == signedUp.user)
        #expect(signedUp.accessExpiresAt == now + 900_000)

        let signedIn = try service.signIn(email: "ADA@example.com ", password: "correct horse", now: now + 5).get()
        #expect(signedIn.user == signedUp.user)
        #expect(signedIn.refreshToken != signedUp.refreshToken)
    }

    @Test(arguments: ["ada@example.com", "ADA@EXAMPLE.COM", "  Ada@example.com\t"])
    func aTakenEmailIs422InAnyForm(_ email: String) throws {
        _ = try fixture.signUpAda()
        let again = try service.signUp(name: "Eve", email: email, password: "another password", now: now)
        #expect(again.failure == .userAlreadyExists)
        #expect(again.failure?.code == "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
    }

    @Test func eachValidationCode() throws {
        let cases: [(String, String, String, AccountError)] = [
            ("Ada", "not-an-email", "correct horse", .invalidEmail),
            ("Ada", "ada@example.com", "short", .passwordTooShort),
            ("Ada", "ada@example.com", String(repeating: "p", count: 129), .passwordTooLong),
            ("   ", "ada@example.com", "correct horse", .nameRequired),
            (String(repeating: "n", count: 101), "ada@example.com", "correct horse", .nameTooLong),
        ]
        for (name, email, password, expected) in cases {
            let result = try service.signUp(name: name, email: email, password: password, now: now)
            #expect(result.failure == expected)
        }
        #expect(try fixture.users.user(email: "ada@example.com") == nil)
        #expect(try service.signIn(email: "nope", password: "whatever1", now: now).failure == .invalidEmail)
    }

    @Test func unknownEmailAndWrongPasswordGetTheSameAnswer() throws {
        _ = try fixture.signUpAda()

        let unknown = try service.signIn(email: "bob@example.com", password: "correct horse", now: now)
        let wrong = try service.signIn(email: "ada@example.com", password: "wrong horse", now: now)

        #expect(unknown.failure == .invalidEmailOrPassword)
        #expect(wrong.failure == .invalidEmailOrPassword)
        #expect(unknown.failure?.message == "Invalid email or password")
    }

    @Test func anImportedUserSignsInWithTheirBetterAuthPassword() throws {
        let imported = UserRecord(
            id: "betterAuthUserId0000000000000001", name: "Grace", email: "grace@example.com", emailVerified: true,
            image: nil, passwordHash: PasswordVectors.nonASCIIHash, createdAt: 1, updatedAt: 2)
        let passwordless = UserRecord(
            id: "betterAuthUserId0000000000000002", name: "Linus", email: "linus@example.com", emailVerified: true,
            image: nil, passwordHash: nil, createdAt: 1, updatedAt: 2)
        #expect(try fixture.users.importUsers([imported, passwordless]).imported == 2)

        let session = try service.signIn(email: "grace@example.com", password: "password1fi-Café", now: now).get()
        #expect(session.user == imported)
        let refused = try service.signIn(email: "linus@example.com", password: "anything at all", now: now)
        #expect(refused.failure == .invalidEmailOrPassword)
    }
}
