// swift-tools-version: 6.2
import PackageDescription

/// One package, one `digdag` executable. Target layout and the arrows that must never exist
/// are described in DESIGN.md (shared/DESIGN.md); keep them true here.
let package = Package(
    name: "digdag",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "digdag", targets: ["digdag"]),
        // For the libFuzzer package in Fuzz/ (built with -sanitize=fuzzer by scripts/fuzz).
        .library(name: "DigdagFuzzing", targets: ["DigdagFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "DigdagCore",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "DigdagProject", dependencies: ["DigdagCore", "Yams", "CZlib"]),
        .target(name: "DigdagExpression", dependencies: ["DigdagCore"]),
        .target(name: "CDuktape", linkerSettings: [.linkedLibrary("duktape"), .linkedLibrary("m")]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2", providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "DigdagJavaScript", dependencies: ["CDuktape", "DigdagCore", "DigdagExpression"]),
        .target(name: "DigdagOperatorKit", dependencies: ["DigdagCore"]),
        // libcurl is dlopen()ed on first use (see CCurl.c); only its headers are needed to build.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        // The libcurl HTTP transfer shared by `http>` and the REST client.
        .target(name: "DigdagHTTP", dependencies: ["CCurl"]),
        // libmariadb is dlopen()ed on first use (see CMariaDB.c); only its headers are needed to build.
        .target(name: "CMariaDB", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "DigdagOperators",
            dependencies: [
                "DigdagCore", "DigdagOperatorKit", "CCurl", "DigdagHTTP", "CMariaDB",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Resources/runner.py"), .copy("Resources/runner.rb")]
        ),
        // Embulk-compatible bulk transfer (`embulk run`, embulk>): config + Liquid, plugins.
        .target(
            name: "DigdagTransfer",
            dependencies: [
                "DigdagCore", "Yams", "CMariaDB", "CZlib", "CBzip2", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "DigdagStorage", dependencies: ["DigdagCore"]),
        .target(
            name: "DigdagSQLite",
            dependencies: [
                "DigdagStorage", "DigdagCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "DigdagPostgres",
            dependencies: [
                "DigdagStorage", "DigdagCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DigdagRuntime",
            dependencies: [
                "DigdagCore", "DigdagOperatorKit", "DigdagExpression", "DigdagProject", "DigdagStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(name: "DigdagAPI", dependencies: ["DigdagCore"]),
        .target(name: "DigdagClient", dependencies: ["DigdagAPI", "DigdagCore", "DigdagHTTP"]),
        // The web console: HTML, CSS and JavaScript modules, and the type that serves them.
        .target(name: "DigdagConsole", dependencies: ["DigdagProject"], resources: [.copy("Resources/console")]),
        .target(
            name: "DigdagServer",
            dependencies: [
                "DigdagAPI", "DigdagCore", "DigdagProject", "DigdagStorage", "DigdagRuntime", "DigdagConsole",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "DigdagCLI",
            dependencies: [
                "DigdagCore", "DigdagProject", "DigdagExpression", "DigdagJavaScript",
                "DigdagOperatorKit", "DigdagOperators", "DigdagRuntime", "Yams",
                "DigdagStorage", "DigdagSQLite", "DigdagPostgres", "DigdagAPI", "DigdagServer", "DigdagClient", "CMalloc",
                "DigdagTransfer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/init_examples")]
        ),
        .executableTarget(name: "digdag", dependencies: ["DigdagCLI"]),
        .target(name: "DigdagFuzzing", dependencies: ["DigdagCore", "DigdagProject", "DigdagExpression", "DigdagAPI"]),

        .testTarget(name: "DigdagCoreTests", dependencies: ["DigdagCore"]),
        .testTarget(name: "DigdagProjectTests", dependencies: ["DigdagProject", "DigdagCore"]),
        .testTarget(name: "DigdagExpressionTests", dependencies: ["DigdagExpression", "DigdagJavaScript", "DigdagCore"]),
        .testTarget(name: "DigdagOperatorsTests", dependencies: ["DigdagOperators", "DigdagOperatorKit", "DigdagCore", "DigdagTesting"]),
        .testTarget(name: "DigdagRuntimeTests", dependencies: ["DigdagRuntime", "DigdagCore", "DigdagOperatorKit"]),
        .target(
            name: "DigdagTesting",
            dependencies: ["DigdagStorage", "DigdagCore"],
            path: "Tests/DigdagTesting"
        ),
        .testTarget(
            name: "DigdagStorageTests",
            dependencies: [
                "DigdagStorage", "DigdagSQLite", "DigdagPostgres", "DigdagTesting", "DigdagCore", "DigdagRuntime", "DigdagProject",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "DigdagServerTests", dependencies: ["DigdagAPI", "DigdagCore", "DigdagTesting"]),
        .testTarget(name: "DigdagConsoleTests", dependencies: ["DigdagConsole", "DigdagProject"]),
        .testTarget(name: "DigdagClientTests", dependencies: ["DigdagClient", "DigdagHTTP", "DigdagAPI", "DigdagCore"]),
        .testTarget(name: "DigdagTransferTests", dependencies: ["DigdagTransfer", "DigdagCore"]),
        .testTarget(name: "DigdagFuzzingTests", dependencies: ["DigdagFuzzing"]),
        .testTarget(name: "DigdagCLITests", dependencies: ["DigdagCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "EndToEndTests", dependencies: ["DigdagCore", "DigdagHTTP", "DigdagTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
