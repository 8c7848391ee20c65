import Foundation
import TLIO
import XCTest

/// Measures load times (printed, not asserted) for the golden files and a generated 45 MB model in both formats.
final class LoadTimingTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    func testLoadTimesOfGoldenFiles() throws {
        for name in [
            "seed_cnn.weights.safetensors", "seed_cnn.pth", "resnet_mini.weights.safetensors",
            "resnet_mini.pth", "resnet_mini.golden.safetensors",
        ] {
            let path = try Fixtures.path(name)
            let tensors = try timed(name) { try WeightsFile.read(path: path) }
            XCTAssertFalse(tensors.isEmpty)
        }
    }

    func testLoadTimesOfA45MegabyteModel() throws {
        let tensors = (0..<20).map { index in
            StoredTensor(
                name: "layer\(index).weight", shape: [750, 750],
                values: .float32((0..<562_500).map { Float(($0 + index) % 1000) * 0.001 }))
        }
        let safetensorsPath = folder.path("large.safetensors")
        try Safetensors.write(tensors, metadata: ["size": "45MB"], to: safetensorsPath)
        let checkpointPath = folder.path("large.pth")
        let entries = tensors.indices.map {
            ("layer\($0).weight", TensorSpec.contiguous(key: String($0), size: [750, 750]))
        }
        let storages = Dictionary(
            uniqueKeysWithValues: tensors.indices.map { index in
                (String(index), TorchZipWriter.floatBytes(tensors[index].floats))
            })
        try TorchZipWriter.write(to: checkpointPath, pickle: PickleBuilder.stateDict(entries), storages: storages)

        let fromSafetensors = try timed("generated 45 MB .safetensors") { try WeightsFile.read(path: safetensorsPath) }
        let fromCheckpoint = try timed("generated 45 MB .pth") { try WeightsFile.read(path: checkpointPath) }
        XCTAssertEqual(fromSafetensors, tensors.sorted { $0.name < $1.name })
        XCTAssertEqual(byName(fromCheckpoint), byName(tensors))
    }

    /// Runs `load` three times and prints the fastest time with the file's size.
    private func timed<T>(_ label: String, _ load: () throws -> T) throws -> T {
        var best = Double.infinity
        var result: T?
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            result = try load()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        print("load time \(label): \(String(format: "%.1f", best)) ms (best of 3)")
        return result!
    }
}
