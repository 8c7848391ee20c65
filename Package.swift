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
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CZlibSystem", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLAPACK", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CScheduling"),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        .target(name: "TLFiles"),
        .target(name: "TLConfig", dependencies: ["CYAML", "TLFiles"]),
        // The dataset transforms and augmentations: their keys, their effect on image shapes and their steps on pixels.
        .target(name: "TLTransforms", dependencies: ["TLConfig"]),
        .target(name: "TLGraph", dependencies: ["TLConfig", "TLTransforms", "TLFiles"]),
        .target(
            name: "TLEngine",
            dependencies: ["TLGraph", "TLFiles", "CDNNL", "CScheduling"],
            // The kernels' loops are the hot path; they are optimised in debug builds too, so tests see the
            // engine as it ships (speed, and no heap allocation in a step).
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // The one list of layer types, each registered with its graph, kernel and ONNX views (checked by the compiler).
        .target(name: "TLLayerCatalog", dependencies: ["TLGraph", "TLEngine", "TLONNX"]),
        .target(name: "TLData", dependencies: ["TLConfig", "TLTransforms", "TLFiles", "CPNG", "CJPEG", "CZlibSystem"]),
        .target(name: "TLMeasures", dependencies: ["CLAPACK"]),
        .target(name: "TLDistributed", dependencies: ["CMPI"]),
        .target(
            name: "TLRunner",
            dependencies: [
                "TLConfig", "TLGraph", "TLEngine", "TLLayerCatalog", "TLTransforms", "TLData", "TLIO", "TLONNX",
                "TLMeasures", "TLDistributed", "TLFiles",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "TLIO", dependencies: ["TLFiles", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "TLONNX", dependencies: ["TLGraph", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto/onnx_tensor.proto", "Proto/onnx_node.proto", "Proto/onnx_model.proto"]),
        .executableTarget(
            name: "tlrun",
            dependencies: [
                "TLConfig", "TLGraph", "TLData", "TLIO", "TLEngine", "TLLayerCatalog", "TLRunner", "TLONNX",
                "TLDistributed", "TLFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tlbench",
            dependencies: [
                "TLConfig", "TLGraph", "TLEngine", "TLLayerCatalog", "TLTransforms", "TLData", "TLRunner", "TLONNX",
                "TLDistributed", "CDNNL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
        // Shared by the test targets: repository paths, the fixtures under Tests/Fixtures, temporary folders, running the
        // built commands.
        .target(name: "TLTestSupport", dependencies: ["TLIO", "TLData"], path: "Tests/TLTestSupport"),
        .testTarget(name: "TLConfigTests", dependencies: ["TLConfig", "TLTestSupport"]),
        .testTarget(
            name: "TLGraphTests", dependencies: ["TLConfig", "TLGraph", "TLLayerCatalog", "TLTestSupport"],
            exclude: ["Broken"]),
        .testTarget(
            name: "TLRunCLITests",
            dependencies: ["tlrun", "TLIO", "TLData", "TLLayerCatalog", "TLRunner", "TLTestSupport"]),
        .testTarget(
            name: "TLDataTests", dependencies: ["TLData", "TLTransforms", "TLConfig", "TLFiles", "TLTestSupport"]),
        .testTarget(
            name: "TLRunnerTests",
            dependencies: ["TLRunner", "TLEngine", "TLGraph", "TLLayerCatalog", "TLIO", "TLTestSupport"]),
        .testTarget(
            name: "TLIOTests",
            dependencies: [
                "TLIO", "TLFiles", "TLTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(
            name: "TLONNXTests",
            dependencies: ["TLONNX", "TLEngine", "TLGraph", "TLLayerCatalog", "TLIO", "TLTestSupport"],
            exclude: ["onnx_check.py"]),
        .testTarget(name: "TLMeasuresTests", dependencies: ["TLMeasures", "TLTestSupport"]),
        .testTarget(
            name: "TLEngineTests",
            dependencies: ["TLEngine", "CScheduling", "TLIO", "TLGraph", "TLConfig", "TLTestSupport", "tlbench"],
            // Filling full-size networks from the fixtures' formula (FormulaWeights) is a loop over ~600 million
            // elements; optimised, the engine tests take seconds instead of minutes.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    ],
    swiftLanguageModes: [.v5]
)

// Fuzz targets (one per reader), built only by scripts/fuzz.sh, which sets TLRUN_FUZZ and links with libFuzzer.
if Context.environment["TLRUN_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/Driver"))
    let readers: [(String, [Target.Dependency])] = [
        ("yaml", ["TLConfig"]), ("safetensors", ["TLIO"]), ("pth", ["TLIO"]), ("png", ["TLData"]), ("jpeg", ["TLData"]),
        ("idx", ["TLData"]), ("csv", ["TLConfig", "TLData"]), ("sweep", ["TLConfig"]),
        ("pthviews", ["TLIO", "TLFiles"]),
    ]
    for (name, dependencies) in readers {
        package.targets.append(
            .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzDriver"] + dependencies, path: "Fuzz/\(name)"))
    }
}
