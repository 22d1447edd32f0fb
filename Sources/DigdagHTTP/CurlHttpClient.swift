import CCurl
import Dispatch
import Foundation

/// Sends one request with libcurl (loaded on first use), honouring the options' deadline,
/// redirect policy, proxy, encodings and `insecure`. Nothing is shared between requests.
///
/// libcurl blocks, so the transfer runs on a Dispatch thread, never on the cooperative pool;
/// cancelling the Swift task aborts it.
package enum CurlHttpClient {
    /// Sends `request` and returns the response of any status.
    ///
    /// - Throws: `HttpTransportError` when no response arrived, `CancellationError` when the
    ///   task was cancelled.
    package static func send(_ request: CurlHttpRequest, options: CurlTransferOptions) async throws -> HttpResponse {
        _ = CurlGlobal.initialized
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HttpResponse, any Error>) in
                DispatchQueue.global().async {
                    let transfer = CurlHttpTransfer(request, options: options, cancelled: cancelled)
                    do {
                        continuation.resume(returning: try transfer.perform())
                    } catch let error as HttpTransportError where error.kind == .cancelled {
                        continuation.resume(throwing: CancellationError())
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } onCancel: {
            cancelled.cancel()
        }
    }
}
