import Testing

@testable import TodoAPI

@Suite("Authenticator.bearerToken")
struct BearerTokenTests {
    @Test(
        "the token of a Bearer credential",
        arguments: [
            ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER a.b.c", "a.b.c"), ("  Bearer   abc  ", "abc"),
            ("\tBearer abc\t", "abc"), ("Bearer abc=", "abc="), ("Bearer  \tabc", "abc"), ("Bearer a\tb", "a\tb"),
            ("bEaReR é.ü", "é.ü"),
        ])
    func token(header: String, token: String) {
        #expect(Authenticator.bearerToken(header) == token)
    }

    @Test(
        "nil for another scheme, no token or a token with a space",
        arguments: [
            "", " ", "Bearer", "Bearer ", "Bearer    ", "Bearerabc", "Basic abc", "Token abc", "Bearer a b", "abc",
            "Bearer\tabc", "Bearer: abc", "Bëarer abc", "Bearer\u{A0}abc", "Bearer \t ", "Bearers abc", "Beare abc",
            "Béarer abc",
        ])
    func noToken(header: String) {
        #expect(Authenticator.bearerToken(header) == nil)
    }
}
