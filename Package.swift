// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tlrun",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tlrun", targets: ["tlrun"]),
        .executable(name: "tlbench", targets: ["tlbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .target(name: "TLConfig", dependencies: ["CYAML"]),
        .target(name: "TLGraph", dependencies: ["TLConfig"]),
        .target(name: "TLEngine", dependencies: ["TLGraph", "CDNNL"]),
        .target(name: "TLIO", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .executableTarget(
            name: "tlrun",
            dependencies: [
                "TLConfig", "TLGraph",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tlbench",
            dependencies: [
                "TLConfig", "TLGraph", "TLEngine", "CDNNL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TLConfigTests", dependencies: ["TLConfig"]),
        .testTarget(name: "TLGraphTests", dependencies: ["TLConfig", "TLGraph"], exclude: ["Broken"]),
        .testTarget(name: "TLRunCLITests", dependencies: ["tlrun"]),
        .testTarget(name: "TLIOTests", dependencies: ["TLIO", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "TLEngineTests", dependencies: ["TLEngine", "TLIO", "TLGraph", "TLConfig"]),
    ],
    swiftLanguageModes: [.v5]
)
