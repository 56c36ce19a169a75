import FastCGI
import Glibc

// A web server that starts us as a CGI program passes the request in the environment (and may
// put query words in argv), so CGI is recognised before any argument parsing.
if CGIGateway.isCGIInvocation {
    exit(CGIMode.run())
}

// No command means no command: without arguments `serve` is only meant when spawn-fcgi handed over a listening
// socket on fd 0. Otherwise (a typo'd unit, or a Swift runtime that could not read the arguments, as in a
// chroot without /proc) the usage goes to stderr and the exit status is 2, before any configuration is read.
if CommandLine.arguments.count <= 1 && ListeningSocket.inherited() == nil {
    RequestLog.write(TodoFCGI.tool.helpMessage)
    RequestLog.write("todo-fcgi: no command given (serve, migrate, token, keygen, user, doctor; see --help)")
    exit(2)
}

// Usage errors exit 2 (the Unix convention).
TodoFCGI.tool.main(Array(CommandLine.arguments.dropFirst()))
