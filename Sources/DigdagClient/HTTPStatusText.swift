/// Reason phrases and the JAX-RS exception behind each error status, for Digdag's messages
/// such as `HTTP 500 Internal Server Error (internal server error)`.
enum HTTPStatusText {
    /// The standard reason phrase of `status`, empty when unknown.
    static func reason(_ status: Int) -> String {
        switch status {
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 407: "Proxy Authentication Required"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Request Entity Too Large"
        case 414: "Request-URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Requested Range Not Satisfiable"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Entity"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        case 511: "Network Authentication Required"
        default: ""
        }
    }

    /// `HTTP 404 Not Found`: the message of a JAX-RS exception built from a response.
    static func exceptionMessage(_ status: Int) -> String {
        let reason = reason(status)
        return reason.isEmpty ? "HTTP \(status)" : "HTTP \(status) \(reason)"
    }

    /// The words Digdag's error formatter derives from the exception class name, e.g.
    /// `internal server error` for `InternalServerErrorException`.
    static func exceptionWords(_ status: Int) -> String {
        switch status {
        case 300..<400: "redirection"
        case 500: "internal server error"
        case 503: "service unavailable"
        default: "server error"
        }
    }
}
