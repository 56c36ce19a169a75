import ArgumentParser
import FastCGI
import Glibc

// A web server that starts us as a CGI program passes the request in the environment (and may
// put query words in argv), so CGI is recognised before any argument parsing.
if CGIGateway.isCGIInvocation {
    exit(CGIMode.run())
}

// Usage errors exit 2 (the Unix convention), not ArgumentParser's 64.
do {
    var command = try TodoFCGI.parseAsRoot()
    try command.run()
} catch {
    if TodoFCGI.exitCode(for: error) == .validationFailure {
        RequestLog.write(TodoFCGI.fullMessage(for: error))
        exit(2)
    }
    TodoFCGI.exit(withError: error)
}
