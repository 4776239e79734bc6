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
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "tocsin",
            dependencies: [
                "TocsinPipeline",
                "TocsinRegions",
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
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["TocsinPipeline", "TocsinKafka"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
