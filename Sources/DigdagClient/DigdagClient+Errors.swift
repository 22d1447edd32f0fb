import DigdagAPI
import DigdagHTTP
import Foundation

extension DigdagClient {
    /// The error of a GET answered with a non-2xx status. Digdag's client closes such an answer
    /// before the CLI reads it, so a 4xx shows the exception message (`HTTP 404 Not Found`).
    static func getError(_ response: HttpResponse) -> DigdagClientError {
        var error = statusError(response.status, body: HTTPStatusText.exceptionMessage(response.status))
        error.location = response.location
        return error
    }

    /// The error of a PUT, POST or DELETE answered with a non-2xx status: a 4xx shows the body.
    static func sendError(_ response: HttpResponse) -> DigdagClientError {
        statusError(response.status, body: response.text)
    }

    private static func statusError(_ status: Int, body: String) -> DigdagClientError {
        let exception = HTTPStatusText.exceptionMessage(status)
        if (400..<500).contains(status) {
            return DigdagClientError(.clientError, exception, status: status, body: body)
        }
        return DigdagClientError(
            .serverError, "\(exception) (\(HTTPStatusText.exceptionWords(status)))", status: status, body: body)
    }

    /// No answer: Digdag's JAX-RS client reports a `ProcessingException` with the cause below it.
    static func transportError(_ error: HttpTransportError) -> DigdagClientError {
        let cause: String
        switch error.kind {
        case .connectionRefused: cause = "Connection refused (Connection refused) (connect)"
        case .unknownHost: cause = "\(error.host): Name or service not known (unknown host)"
        case .timeout: cause = "Read timed out (socket timeout)"
        case .cancelled: cause = "Request cancelled (interrupted)"
        case .unavailable: cause = "libcurl (libcurl.so.4) could not be loaded (i/o)"
        case .other: cause = "\(error.detail) (i/o)"
        }
        return DigdagClientError(.transport, "RESTEASY004655: Unable to invoke request (processing)\n> \(cause)")
    }

    /// The answer's body as a JSON object; an error when it is not one.
    static func readJSON(_ response: HttpResponse) throws(DigdagClientError) -> JSONObjectReader {
        do {
            return try JSONObjectReader(text: response.text)
        } catch {
            throw DigdagClientError(.invalidResponse, "Unexpected response from the server: \(error.message)")
        }
    }

    /// Decodes a model, turning a missing or wrong field into an error.
    static func decode<T>(_ read: () throws(APIDecodingError) -> T) throws(DigdagClientError) -> T {
        do {
            return try read()
        } catch {
            throw DigdagClientError(.invalidResponse, "Unexpected response from the server: \(error.message)")
        }
    }
}

extension JSONObjectReader {
    /// `{}`.
    static let empty: JSONObjectReader = try! JSONObjectReader(.object([:]))
}
