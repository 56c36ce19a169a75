import Foundation
import Locks
import TestSupport
import Testing

@testable import Mail

@Suite struct MailCommandTests {
    @Test func theMessageReachesTheCommandsStandardInput() throws {
        let directory = TemporaryDirectory()
        let file = directory.file("message")
        let outcome = MailCommand("cat > '\(file)'").run(Array("To: a@b.c\n\nhello\n".utf8))
        #expect(outcome == .sent)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "To: a@b.c\n\nhello\n")
    }

    @Test func aFailingCommandReportsItsStatus() {
        #expect(MailCommand("cat > /dev/null; exit 75").run(Array("x".utf8)) == .failed(status: 75))
    }

    @Test func aCommandThatDoesNotExistFailsWithoutHarm() {
        #expect(MailCommand("/nonexistent/sendmail -t").run(Array("x".utf8)) == .failed(status: 127))
    }

    @Test func aHangingCommandIsKilledWithItsChildrenAtTheLimit() {
        let started = MonotonicCondition.now()
        // The shell's child (sleep) holds nothing of ours once the group is killed.
        let outcome = MailCommand("sleep 30; true", timeLimit: 0.3).run(Array("x".utf8))
        let elapsed = MonotonicCondition.now() - started
        #expect(outcome == .timedOut)
        #expect(elapsed < 5)
    }

    @Test func aCommandThatNeverReadsALargeMessageCannotBlockPastTheLimit() {
        let large = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let started = MonotonicCondition.now()
        let outcome = MailCommand("sleep 30", timeLimit: 0.3).run(large)
        #expect(outcome == .timedOut)
        #expect(MonotonicCondition.now() - started < 5)
    }
}
