import HTTPTypes
import Hummingbird
import Synchronization

/// The router the controllers register on: it forwards every route to Hummingbird's router and
/// records it in a ``RouteTable``, so that a known path asked with another method can answer 405
/// (as Digdag's JAX-RS server does) instead of Hummingbird's 404.
final class APIRoutes: RouterMethods {
    typealias Context = BasicRequestContext

    /// Hummingbird's router that serves the routes.
    let router: Router<BasicRequestContext>
    /// Every route registered so far.
    let table = RouteTable()

    /// Wraps a router.
    init(router: Router<BasicRequestContext>) {
        self.router = router
    }

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        table.add(path, method)
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}

/// The registered routes' paths and methods.
final class RouteTable: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    /// Records a route.
    func add(_ path: RouterPath, _ method: HTTPRequest.Method) {
        routes.withLock { $0.append((path, method)) }
    }

    /// The methods registered for routes matching `path`, in registration order; empty for an unknown path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: [HTTPRequest.Method] = []
        for route in routes.withLock({ $0 }) where Self.matches(route.path, segments) {
            if !methods.contains(route.method) { methods.append(route.method) }
        }
        return methods
    }

    private static func matches(_ pattern: RouterPath, _ segments: [Substring]) -> Bool {
        guard pattern.components.count == segments.count else { return false }
        return zip(pattern.components, segments).allSatisfy { $0 ~= $1 }
    }
}
