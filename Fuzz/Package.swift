// swift-tools-version: 6.2
import PackageDescription

/// The libFuzzer driver for the fuzz targets of `DigdagFuzzing` (in the main package). It only
/// links with `-sanitize=fuzzer`, which is why it lives in its own package: `scripts/fuzz` builds
/// and runs it.
let package = Package(
    name: "digdag-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "digdag", path: "..")],
    targets: [
        .executableTarget(
            name: "digdag-fuzz", dependencies: [.product(name: "DigdagFuzzing", package: "digdag")]
        )
    ],
    swiftLanguageModes: [.v6]
)
