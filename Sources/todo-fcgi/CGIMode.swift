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
            let response = APIError.serviceUnavailable.response
            CGIGateway.write(
                OutgoingResponse(
                    status: response.status, reason: APIResponse.reasonPhrase(response.status),
                    headers: response.headers, body: response.body))
            return 1
        }
        do {
            try Database.open(path: configuration.databasePath).close()
        } catch {
            RequestLog.write("todo-fcgi: cannot open the database: \(error)")
        }
        let handler = APIRequestHandler(
            application: ApplicationFactory.make(configuration), databasePath: configuration.databasePath)
        CGIGateway.serveOne(handler: handler, maxBodyBytes: configuration.maxBodyBytes)
        return 0
    }
}
