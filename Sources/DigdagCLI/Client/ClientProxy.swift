import DigdagHTTP
import Foundation

/// The proxy of client commands, from the environment the way Digdag reads it
/// (`standards:Proxies.proxyConfigFromEnv`): `http_proxy`, `HTTP_PROXY`, and for an https
/// endpoint `https_proxy` and `HTTPS_PROXY` first.
enum ClientProxy {
    /// The proxy to use, or nil. Proxy credentials are ignored with Digdag's warning.
    static func fromEnvironment(_ environment: [String: String], tls: Bool) -> HttpProxy? {
        let names = tls ? ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] : ["http_proxy", "HTTP_PROXY"]
        guard let value = names.lazy.compactMap({ environment[$0]?.trimmingCharacters(in: .whitespaces) })
            .first(where: { !$0.isEmpty }),
            let components = URLComponents(string: value), let host = components.host, !host.isEmpty
        else { return nil }
        if components.user != nil || components.password != nil {
            ClientLog.warn("HTTP proxy authentication not supported. Ignoring proxy username and password.")
        }
        let secure = components.scheme == "https"
        return HttpProxy(host: host, port: components.port ?? (secure ? 443 : 80), tls: secure)
    }
}
