import ArgumentParser
import Logging
import ServiceLifecycle
import TocsinObservability
import TocsinPipeline

/// `tocsin run`'s overrides of `observability.http`.
struct ObservabilityOptions: ParsableArguments {
    @Option(help: "Serve /metrics, /healthz and /readyz on this port; turns the endpoint on (default: the config's observability.http).")
    var httpPort: Int?
    @Option(help: "Bind address of that endpoint (default: the config's observability.http.host, else 127.0.0.1).")
    var httpHost: String?

    func apply(to config: inout DaemonConfig) throws {
        if let httpPort {
            guard (1...65535).contains(httpPort) else { throw ValidationError("--http-port must be in 1...65535") }
            config.observability.httpPort = httpPort
            config.observability.httpEnabled = true
        }
        if let httpHost { config.observability.httpHost = httpHost }
    }
}

/// The daemon's observability: Prometheus behind swift-metrics and the HTTP endpoint, only when the
/// endpoint is on (otherwise metrics stay swift-metrics' no-ops: nothing could read them).
struct RunObservability {
    private let config: ObservabilityConfig
    private let registry: MetricsRegistry?

    /// Bootstraps metrics; call before the rules and the pipeline create theirs.
    init(config: ObservabilityConfig) {
        self.config = config
        registry = config.httpEnabled ? MetricsRegistry() : nil
        registry?.bootstrap()
    }

    /// The HTTP endpoint as a service, or none. It goes first in the group: services stop in reverse
    /// order, so /readyz answers "shutting down" while the pipeline drains.
    func services(readiness: PipelineReadiness) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let registry else { return [] }
        let server = ObservabilityServer(
            host: config.httpHost, port: config.httpPort, registry: registry,
            readiness: { readiness.status }, logger: Logger(label: "tocsin.http"))
        // A port that cannot be bound stops the daemon (cleanly) rather than running it blind.
        return [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)]
    }
}
