import Testing
import TodoAPI

@Suite("DotEnv: the one .env syntax")
struct DotEnvTests {
    private func reasons(_ text: String) -> [String] {
        DotEnv(parsing: text).malformed.map(\.description)
    }

    @Test("KEY=VALUE lines, export, spaces around =, and later lines winning")
    func basics() {
        let text = """
            A=1
            export B=two
            export\tT=tab
              C = three
            A=again
            URL=http://x/?a=b
            EMPTY=
            export=a key named export
            _u9=under
            """
        #expect(
            DotEnv.parse(text)
                == [
                    "A": "again", "B": "two", "T": "tab", "C": "three", "URL": "http://x/?a=b", "EMPTY": "",
                    "export": "a key named export", "_u9": "under",
                ])
    }

    @Test("comments: whole lines, and # after a space or tab in an unquoted value; a # inside a word stays")
    func comments() {
        let text = "# heading\n  # indented\nA=1 # note\nB=x#y\nC=a\t# tab note\nD=#x\nE= # only a comment\n"
        #expect(DotEnv.parse(text) == ["A": "1", "B": "x#y", "C": "a", "D": "#x", "E": ""])
    }

    @Test("unquoted values are trimmed and keep inner spaces, quotes and backslashes")
    func unquoted() {
        let text = "A=  a b  \nB=it's\nC=p\\\\q\nD=say \"hi\"\nH=$HOME\n"
        #expect(DotEnv.parse(text) == ["A": "a b", "B": "it's", "C": #"p\\q"#, "D": #"say "hi""#, "H": "$HOME"])
    }

    @Test("single quotes are literal: spaces, #, backslashes, double quotes and $ stay")
    func singleQuotes() {
        let text = #"""
            S='  spaced  '
            H='a # b'
            B='p\\q\n'
            M='it"s'
            V='$HOME'
            E=''
            T='x' # note
            """#
        #expect(
            DotEnv.parse(text)
                == ["S": "  spaced  ", "H": "a # b", "B": #"p\\q\n"#, "M": "it\"s", "V": "$HOME", "E": "", "T": "x"])
    }

    @Test("double quotes unescape \\\" \\\\ and \\n, keep any other backslash, and keep # and spaces")
    func doubleQuotes() {
        let text = #"""
            A="a\"b"
            C="p\\q"
            N="one\ntwo"
            O="a\d\$"
            H="a # b"
            S="  x  "
            T="trailing" # note
            U="x"#c
            E=""
            Q="it's"
            """#
        #expect(
            DotEnv.parse(text)
                == [
                    "A": #"a"b"#, "C": #"p\q"#, "N": "one\ntwo", "O": #"a\d\$"#, "H": "a # b", "S": "  x  ",
                    "T": "trailing", "U": "x", "E": "", "Q": "it's",
                ])
    }

    @Test("CRLF and CR line endings leave no carriage return in values; a byte order mark is dropped")
    func lineEndings() {
        #expect(DotEnv.parse("A=1\r\nB=\"2\"\r\nC=3 # c\r\n") == ["A": "1", "B": "2", "C": "3"])
        #expect(DotEnv.parse("A=1\rB=2\r") == ["A": "1", "B": "2"])
        #expect(DotEnv.parse("\u{FEFF}A=1\n") == ["A": "1"])
    }

    @Test("malformed lines are skipped and reported by number and reason")
    func malformed() {
        let text = """
            no equals
            =value
            1X=y
            BAD-KEY=1
            BAD KEY=2
            GOOD_KEY_2=ok
            export
            U="unterminated
            V='unterminated
            W="a"b
            X="a\\"
            """
        let file = DotEnv(parsing: text)
        #expect(file.variables == ["GOOD_KEY_2": "ok"])
        #expect(file.malformed.map(\.line) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11])
        #expect(
            reasons("1X=y") == [
                "line 1: the name before = is not a valid name (letters, digits and _, not starting with a digit)"
            ])
        #expect(reasons("A=1\nU=\"x") == ["line 2: U: unterminated double quote"])
        #expect(reasons("V='x") == ["line 1: V: unterminated single quote"])
        #expect(reasons("W='a' b") == ["line 1: W: only a # comment may follow the closing quote"])
        #expect(reasons("\n\nexport") == ["line 3: not a KEY=VALUE line"])
    }

    @Test("a malformed line's report never holds its text")
    func reportsNoValue() {
        let secret = "s3cr3tValueThatMustNotLeak"
        let text = "\(secret)\nBETTER_AUTH_SECRET=\"\(secret)\nK='\(secret)' \(secret)\n\(secret)-x=\(secret)\n"
        let found = reasons(text)
        #expect(found.count == 4)
        #expect(found.allSatisfy { !$0.contains(secret) })
    }

    @Test("empty text defines nothing")
    func empty() {
        #expect(DotEnv.parse("").isEmpty)
        #expect(DotEnv(parsing: "\n\n  \n# c\n").malformed.isEmpty)
    }
}
