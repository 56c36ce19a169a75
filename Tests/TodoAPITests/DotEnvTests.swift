import Testing
import TodoAPI

@Suite("DotEnv.parse")
struct DotEnvTests {
    @Test("KEY=VALUE lines, export, spaces around =, and later lines winning")
    func basics() {
        let text = """
            A=1
            export B=two
              C = three
            A=again
            URL=http://x/?a=b
            EMPTY=
            """
        #expect(
            DotEnv.parse(text)
                == ["A": "again", "B": "two", "C": "three", "URL": "http://x/?a=b", "EMPTY": ""])
    }

    @Test("comments: whole lines, and ' #' after an unquoted value; a # inside a word stays")
    func comments() {
        let text = "# heading\n  # indented\nA=1 # note\nB=x#y\nC=a\t# tab note\n"
        #expect(DotEnv.parse(text) == ["A": "1", "B": "x#y", "C": "a"])
    }

    @Test("single and double quotes keep spaces and # and end at the closing quote")
    func quotes() {
        let text = """
            D="a # b"
            S='  spaced  '
            T="trailing" # note
            U="unterminated
            E=""
            M='it"s'
            """
        #expect(
            DotEnv.parse(text)
                == ["D": "a # b", "S": "  spaced  ", "T": "trailing", "U": "unterminated", "E": "", "M": "it\"s"])
    }

    @Test("CRLF and CR line endings leave no carriage return in values")
    func lineEndings() {
        #expect(DotEnv.parse("A=1\r\nB=\"2\"\r\nC=3 # c\r\n") == ["A": "1", "B": "2", "C": "3"])
        #expect(DotEnv.parse("A=1\rB=2\r") == ["A": "1", "B": "2"])
    }

    @Test("malformed lines are skipped")
    func malformed() {
        let text = "no equals\n=value\nBAD-KEY=1\nBAD KEY=2\nGOOD_KEY_2=ok\nexport\n"
        #expect(DotEnv.parse(text) == ["GOOD_KEY_2": "ok"])
    }

    @Test("empty text defines nothing")
    func empty() {
        #expect(DotEnv.parse("").isEmpty)
        #expect(DotEnv.parse("\n\n  \n").isEmpty)
    }
}
