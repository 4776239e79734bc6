// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tocsin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tocsin", targets: ["tocsin"]),
        .executable(name: "tocsin-bench", targets: ["TocsinBench"]),
        .executable(name: "tocsin-scorer-bench", targets: ["ScorerBench"]),
        .executable(name: "tocsin-region-bench", targets: ["RegionBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CHyperscan",
            pkgConfig: "libhs",
            providers: [.apt(["libhyperscan-dev"])]
        ),
        .target(
            name: "TocsinKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TocsinRules",
            dependencies: [
                "CHyperscan",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "TocsinRegions", dependencies: ["TocsinRules"]),
        .target(
            name: "TocsinPipeline",
            dependencies: [
                "TocsinKafka",
                "TocsinRules",
                "TocsinRegions",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The HTTP endpoint (/metrics, /healthz, /readyz), the Prometheus registry and log formats;
        // knows nothing of the pipeline: the CLI hands it a readiness closure.
        .target(
            name: "TocsinObservability",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `tocsin report`: pure rendering of alerts and region timelines to one HTML page.
        .target(name: "TocsinReport", dependencies: ["TocsinRegions", "TocsinRules"]),
        .executableTarget(
            name: "tocsin",
            dependencies: [
                "TocsinPipeline",
                "TocsinRegions",
                "TocsinObservability",
                "TocsinReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "BenchCorpus",
            dependencies: ["TocsinRules"],
            path: "Benchmarks/BenchCorpus"
        ),
        .executableTarget(
            name: "TocsinBench",
            dependencies: [
                "TocsinPipeline",
                "BenchCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/TocsinBench"
        ),
        .executableTarget(
            name: "ScorerBench",
            dependencies: [
                "TocsinRules",
                "BenchCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/ScorerBench"
        ),
        .executableTarget(
            name: "RegionBench",
            dependencies: ["TocsinRegions", "TocsinRules", "BenchCorpus"],
            path: "Benchmarks/RegionBench"
        ),
        .testTarget(name: "TocsinRulesTests", dependencies: ["TocsinRules"]),
        .testTarget(name: "TocsinRegionsTests", dependencies: ["TocsinRegions"]),
        .testTarget(name: "TocsinKafkaTests", dependencies: ["TocsinKafka"]),
        .testTarget(name: "TocsinPipelineTests", dependencies: ["TocsinPipeline"]),
        .testTarget(name: "TocsinObservabilityTests", dependencies: ["TocsinObservability"]),
        .testTarget(name: "TocsinReportTests", dependencies: ["TocsinReport"]),
        .testTarget(name: "DeployTests", dependencies: ["TocsinPipeline", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["TocsinPipeline", "TocsinKafka"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
