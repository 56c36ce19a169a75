import FastCGI
import Glibc
import TestSupport
import Testing

@Suite("ListeningSocket.open on a unix path")
struct UnixSocketTests {
    @Test("creates the missing parent directories and a 0660 socket that accepts connections")
    func createsSocket() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("run/nested/todo.sock")
        let descriptor = try ListeningSocket.open(.unix(path: path))
        defer { close(descriptor) }
        #expect(isListening(descriptor))
        #expect(fileType(path) == S_IFSOCK)
        #expect(fileStatus(path).map { $0.st_mode & 0o777 } == 0o660)
        for parent in [directory.file("run"), directory.file("run/nested")] {
            #expect(fileType(parent) == S_IFDIR)
            #expect(fileStatus(parent).map { $0.st_mode & 0o007 } == 0, "\(parent) is open to others")
        }
        #expect(canConnect(unixPath: path))
    }

    @Test("a stale socket file left by a closed listener is replaced")
    func staleSocket() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.sock")
        close(try ListeningSocket.open(.unix(path: path)))
        #expect(fileType(path) == S_IFSOCK)
        #expect(!canConnect(unixPath: path))
        let descriptor = try ListeningSocket.open(.unix(path: path))
        defer { close(descriptor) }
        #expect(canConnect(unixPath: path))
        #expect(fileStatus(path).map { $0.st_mode & 0o777 } == 0o660)
    }

    @Test("a socket another listener holds is refused and left working")
    func liveSocket() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.sock")
        let first = try ListeningSocket.open(.unix(path: path))
        defer { close(first) }
        let problem = openProblem(.unix(path: path))
        #expect(problem == "\(path) is in use by another running responder")
        #expect(canConnect(unixPath: path))
    }

    @Test("a regular file at the path is refused and kept")
    func regularFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.sock")
        let file = open(path, O_CREAT | O_WRONLY, 0o600)
        #expect(file >= 0)
        close(file)
        #expect(openProblem(.unix(path: path)) == "\(path) exists and is not a socket; refusing to replace it")
        #expect(fileType(path) == S_IFREG)
    }

    @Test("a symbolic link at the path is refused and kept")
    func symbolicLink() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("todo.sock")
        #expect(symlink(directory.file("elsewhere.sock"), path) == 0)
        #expect(openProblem(.unix(path: path))?.contains("is not a socket") == true)
        #expect(fileType(path) == S_IFLNK)
        #expect(fileType(directory.file("elsewhere.sock")) == nil)
    }

    @Test("a parent path that is a file is reported, not crashed on")
    func parentIsFile() throws {
        let directory = TemporaryDirectory()
        let file = open(directory.file("run"), O_CREAT | O_WRONLY, 0o600)
        close(file)
        #expect(openProblem(.unix(path: directory.file("run/todo.sock"))) != nil)
    }

    /// `ListenAddress.parse` refuses such paths, but the enum case is public: `open` must not write
    /// past `sockaddr_un.sun_path` (108 bytes).
    @Test("a path too long for sockaddr_un is refused without overrunning sun_path")
    func tooLongPath() async {
        await #expect(processExitsWith: .success) {
            do {
                close(try ListeningSocket.open(.unix(path: "/tmp/" + String(repeating: "s", count: 200))))
                exit(1)
            } catch {
                exit(0)
            }
        }
    }
}
