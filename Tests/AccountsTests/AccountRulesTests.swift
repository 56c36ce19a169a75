import Testing

@testable import Accounts

@Suite struct AccountRulesTests {
    @Test(arguments: [
        ("a@example.com", "a@example.com"), ("  Mixed.Case+tag@Example.ORG \n", "mixed.case+tag@example.org"),
        ("ü@bücher.de", "ü@bücher.de"),
    ])
    func acceptsAndNormalisesEmails(_ input: String, _ stored: String) {
        #expect(AccountRules.email(input) == .success(stored))
    }

    @Test(arguments: [
        "", "   ", "plain", "@example.com", "a@", "a@localhost", "a@@example.com", "a@b@example.com",
        "a b@example.com", "a@exa mple.com", "a@.com", "a@example.", "a@example..com", "a\u{0}@example.com",
        String(repeating: "a", count: 243) + "@example.com",
    ])
    func refusesImplausibleEmails(_ input: String) {
        #expect(AccountRules.email(input) == .failure(.invalidEmail))
    }

    @Test func acceptsAn254CharacterEmail() {
        let email = String(repeating: "a", count: 242) + "@example.com"
        #expect(email.count == 254)
        #expect(AccountRules.email(email) == .success(email))
    }

    @Test func boundsEmailsInBytes() {
        let fits = String(repeating: "ü", count: 121) + "@example.com"  // 242 + 12 bytes
        #expect(fits.utf8.count == 254)
        #expect(AccountRules.email(fits) == .success(fits))
        let over = String(repeating: "ü", count: 122) + "@example.com"  // 134 characters, 256 bytes
        #expect(AccountRules.email(over) == .failure(.invalidEmail))
    }

    @Test func namesAreTrimmedRequiredAndBounded() {
        #expect(AccountRules.name("  Ada Lovelace ") == .success("Ada Lovelace"))
        #expect(AccountRules.name(" \t ") == .failure(.nameRequired))
        #expect(AccountRules.name(String(repeating: "é", count: 100)) == .success(String(repeating: "é", count: 100)))
        #expect(AccountRules.name(String(repeating: "é", count: 101)) == .failure(.nameTooLong))
    }

    @Test func namesAreBoundedInScalarsAndBytesNotCharacters() {
        // 20 characters of 501 scalars each: 20 KB that a count of characters would let through.
        let stacked = String(repeating: "a" + String(repeating: "\u{301}", count: 500), count: 20)
        #expect(stacked.count == 20)
        #expect(AccountRules.name(stacked) == .failure(.nameTooLong))
        let widest = String(repeating: "😀", count: 100)  // 100 scalars, 400 bytes: the largest name there is
        #expect(AccountRules.name(widest) == .success(widest))
        #expect(AccountRules.name(widest + "a") == .failure(.nameTooLong))
        #expect(AccountRules.name(String(repeating: "e\u{301}", count: 51)) == .failure(.nameTooLong))
    }

    @Test func passwordLengthCountsScalarsAndBoundsBytes() {
        #expect(AccountRules.passwordProblem("1234567") == .passwordTooShort)
        #expect(AccountRules.passwordProblem(String(repeating: "é", count: 7)) == .passwordTooShort)
        #expect(AccountRules.passwordProblem(String(repeating: "👍🏽", count: 8)) == nil)
        #expect(AccountRules.passwordProblem("12345678") == nil)
        #expect(AccountRules.passwordProblem(String(repeating: "x", count: 128)) == nil)
        #expect(AccountRules.passwordProblem(String(repeating: "x", count: 129)) == .passwordTooLong)
        #expect(AccountRules.passwordProblem(String(repeating: "😀", count: 128)) == nil)  // 512 bytes
        #expect(AccountRules.passwordProblem(String(repeating: "😀", count: 128) + "x") == .passwordTooLong)
        #expect(AccountRules.passwordProblem("a" + String(repeating: "\u{301}", count: 200)) == .passwordTooLong)
        #expect(AccountRules.isPasswordWithinBounds(String(repeating: "é", count: 128)))
        #expect(!AccountRules.isPasswordWithinBounds(String(repeating: "é", count: 129)))
    }

    @Test func errorsCarryBetterAuthCodesAndMessages() {
        let expected: [(AccountError, String, String)] = [
            (.invalidEmail, "INVALID_EMAIL", "Invalid email"),
            (.passwordTooShort, "PASSWORD_TOO_SHORT", "Password too short"),
            (.passwordTooLong, "PASSWORD_TOO_LONG", "Password too long"),
            (.userAlreadyExists, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email."),
            (.invalidEmailOrPassword, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"),
            (.invalidRefreshToken, "INVALID_REFRESH_TOKEN", "Invalid refresh token"),
            (.invalidPassword, "INVALID_PASSWORD", "Invalid password"),
            (.userNotFound, "USER_NOT_FOUND", "User not found"),
            (.nameRequired, "VALIDATION_ERROR", "Name is required"),
            (.tooManyRequests, "TOO_MANY_REQUESTS", "Too many requests. Please try again later."),
        ]
        for (error, code, message) in expected {
            #expect(error.code == code && error.message == message, "\(error)")
        }
    }
}
