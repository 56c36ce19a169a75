import FastCGI
import Storage
import TodoAPI

/// Answering one request as a CGI program.
enum CGIMode {
    /// Serves the request in the environment; returns the exit status.
    static func run() -> Int32 {
        let configuration: Configuration
        do {
            configuration = try Environment.configuration()
        } catch {
            RequestLog.write("todo-fcgi: \(error)")
            CGIGateway.write(OutgoingResponse(APIError.serviceUnavailable.response))
            return 1
        }
        let context: ServiceContext
        do {
            context = try ApplicationFactory.make(configuration, threads: 1)
        } catch {
            RequestLog.write("todo-fcgi: \(error)")
            CGIGateway.write(OutgoingResponse(APIError.serviceUnavailable.response))
            return 1
        }
        do {
            try context.database.migrate()
        } catch {
            RequestLog.write("todo-fcgi: cannot open the database: \(error)")
        }
        let handler = APIRequestHandler(context: context, stores: SharedStores(context: context))
        CGIGateway.serveOne(handler: handler, maxBodyBytes: configuration.maxBodyBytes)
        return 0
    }
}
