import DigdagCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The REST API server (Hummingbird) over a `ServerContext`.
public struct DigdagHTTPServer: Sendable {
    /// Request handlers' dependencies.
    public let context: ServerContext

    /// Creates a server.
    public init(context: ServerContext) {
        self.context = context
    }

    /// The router with every `/api` route.
    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        if context.metricsExposition != nil { router.add(middleware: MetricsMiddleware()) }
        if let directory = context.settings.accessLogDirectory, let file = try? AccessLogFile(directory: directory) {
            router.add(middleware: AccessLogMiddleware(file: file))
        }
        router.add(middleware: ConsoleMiddleware())
        let routes = APIRoutes(router: router)
        router.add(
            middleware: APIAccessMiddleware(settings: context.settings, routes: routes.table, tokens: context.storage))
        router.add(middleware: ContentEncodingMiddleware(maxBody: max(context.settings.maxArchiveSize * 4, 16 << 20)))
        VersionController(context: context).register(on: routes)
        ProjectController(context: context).register(on: routes)
        SecretController(context: context).register(on: routes)
        WorkflowController(context: context).register(on: routes)
        SessionController(context: context).register(on: routes)
        AttemptController(context: context).register(on: routes)
        LogController(context: context).register(on: routes)
        ScheduleController(context: context).register(on: routes)
        ConsoleEventsController(context: context).register(on: routes)
        AccessTokenController(context: context).register(on: routes)
        MetricsController(context: context).register(on: routes)
        return router
    }

    /// The Hummingbird application listening on `host:port`; `onListening` gets the bound port.
    public func application(
        host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: context.logger)
    }
}
