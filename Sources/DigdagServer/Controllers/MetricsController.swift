import Hummingbird
import NIOCore

/// `GET /metrics`: this node's metrics in Prometheus text format (beyond Digdag's API). Served
/// without authentication, as Prometheus scrapes; it holds counts, never names or params.
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
