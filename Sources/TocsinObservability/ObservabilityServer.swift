import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The daemon's HTTP endpoint: `GET /metrics` (Prometheus text), `/healthz` (the process is up)
/// and `/readyz` (200 when `readiness` says so, else 503), as a ServiceLifecycle service.
public struct ObservabilityServer: Service {
    /// Ready or not, and a short reason; called on every `/readyz`, so it must be quick.
    public typealias Readiness = @Sendable () -> (ready: Bool, reason: String)

    private let host: String
    private let port: Int
    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameter onListening: told the bound port (useful with port 0).
    public init(
        host: String, port: Int, registry: MetricsRegistry, readiness: @escaping Readiness, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        application = Application(
            router: Self.router(registry: registry, readiness: readiness),
            configuration: .init(address: .hostname(host, port: port), serverName: "tocsin"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("observability: serving /metrics, /healthz and /readyz on http://\(host):\(bound)")
                onListening(bound)
            },
            logger: logger)
    }

    public func run() async throws {
        do {
            try await application.run()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ObservabilityError(message: "cannot serve observability on \(host):\(port): \(error); pick a free port with observability.http.port (or --http-port), or set observability.http.enabled: false")
        }
    }

    static func router(registry: MetricsRegistry, readiness: @escaping Readiness) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.render())))
        }
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("readyz") { _, _ in
            let (ready, reason) = readiness()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = (try? encoder.encode(ReadinessBody(ready: ready, reason: reason))) ?? Data()
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        return router
    }
}

extension ObservabilityServer: CustomStringConvertible {
    public var description: String { "ObservabilityServer(\(host):\(port))" }
}

/// The `/readyz` answer.
struct ReadinessBody: Codable {
    var ready: Bool
    var reason: String
}

/// Why the observability endpoint could not run.
public struct ObservabilityError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
