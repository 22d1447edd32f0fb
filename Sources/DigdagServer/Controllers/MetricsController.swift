import Hummingbird
import NIOCore

/// `GET /metrics`: this node's metrics in Prometheus text format (beyond Digdag's API); counts,
/// never names or params. With authentication on, it needs credentials like the API: a read-only
/// API token suits Prometheus (`authorization: {type: Bearer, credentials: ddt_...}`).
struct MetricsController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        guard let exposition = context.metricsExposition else { return }
        router.get("/metrics") { _, _ in
            let bytes = exposition()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: String(bytes.count)],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
