import FastCGI
import Glibc

// A web server that starts us as a CGI program passes the request in the environment (and may
// put query words in argv), so CGI is recognised before any argument parsing.
if CGIGateway.isCGIInvocation {
    exit(CGIMode.run())
}
TodoFCGI.main()
