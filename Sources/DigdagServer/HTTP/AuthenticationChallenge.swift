import HTTPTypes

/// The `WWW-Authenticate` challenge of a 401 (RFC 9110 §11.6.1).
///
/// Clients are asked for basic credentials, except the web console: a browser answers a `Basic`
/// challenge, even one to a `fetch`, with its own password dialog over the console's login form.
/// The console marks its calls with `X-Requested-With: XMLHttpRequest` and gets a `Bearer`
/// challenge instead (API tokens are Bearer credentials), which browsers leave to the page.
enum AuthenticationChallenge {
    /// Basic, with the realm and the charset of the credentials (RFC 7617).
    static let basic = #"Basic realm="digdag", charset="UTF-8""#
    /// Bearer (RFC 6750), for script-driven callers that handle the login themselves.
    static let bearer = #"Bearer realm="digdag""#

    /// The challenge for a request with these headers.
    static func header(for headers: HTTPFields) -> String {
        let requestedWith = HTTPField.Name("X-Requested-With").flatMap { headers[$0] }
        return requestedWith?.lowercased() == "xmlhttprequest" ? bearer : basic
    }
}
