import TLIO
import XCTest

final class SafetensorsGoldenTests: XCTestCase {
    func testSeedCNNWeightsHaveTheDocumentedNamesAndShapes() throws {
        let file = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors"))
        let tensors = byName(file.tensors)
        XCTAssertEqual(
            file.tensors.map(\.name),
            [
                "conv1.bias", "conv1.weight", "conv2.bias", "conv2.weight", "conv3.bias", "conv3.weight",
                "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "fc3.bias", "fc3.weight",
            ])
        XCTAssertEqual(tensors["conv1.weight"]?.shape, [32, 1, 3, 3])
        XCTAssertEqual(tensors["conv3.weight"]?.shape, [128, 64, 3, 3])
        XCTAssertEqual(tensors["fc1.weight"]?.shape, [256, 1152])
        XCTAssertEqual(tensors["fc3.bias"]?.shape, [10])
        for tensor in file.tensors {
            XCTAssertEqual(tensor.floats.count, tensor.elementCount, tensor.name)
        }
        let bound = 1 / Float(3)
        XCTAssertTrue(tensors["conv1.bias"]!.floats.allSatisfy { abs($0) <= bound }, "conv1 init is U(-1/3, 1/3)")
    }

    func testResNetMiniKeepsIntegerBuffersAsInt64() throws {
        let tensors = byName(try Safetensors.read(path: try Fixtures.path("resnet_mini.weights.safetensors")).tensors)
        XCTAssertEqual(tensors["conv1.weight"]?.shape, [8, 3, 7, 7])
        XCTAssertEqual(tensors["layer2.0.downsample.0.weight"]?.shape, [16, 8, 1, 1])
        XCTAssertEqual(tensors["fc.weight"]?.shape, [5, 64])
        let tracked = try XCTUnwrap(tensors["bn1.num_batches_tracked"])
        XCTAssertEqual(tracked.shape, [])
        XCTAssertEqual(tracked.integers, [100])
        XCTAssertEqual(tensors["bn1.running_var"]?.floats.count, 8)
        XCTAssertTrue(
            tensors["bn1.running_var"]!.floats.allSatisfy { (0.5...2).contains($0) },
            "trained-looking running variances")
        XCTAssertEqual(tensors["bn1.running_mean"]?.floats.count, 8)
    }

    func testGoldenReferenceFilesRead() throws {
        let seed = byName(try Safetensors.read(path: try Fixtures.path("seed_cnn.golden.safetensors")).tensors)
        XCTAssertEqual(seed["input"]?.shape, [8, 1, 28, 28])
        XCTAssertEqual(seed["labels"]?.integers.count, 8)
        XCTAssertTrue(seed["labels"]!.integers.allSatisfy { (0..<10).contains($0) })
        XCTAssertEqual(seed["features"]?.shape, [8, 1152])
        XCTAssertEqual(seed["loss"]?.shape, [1])
        let adam = byName(try Safetensors.read(path: try Fixtures.path("seed_cnn.adam.safetensors")).tensors)
        XCTAssertEqual(adam["after3.adam.fc3.weight"]?.shape, [10, 128])
        XCTAssertEqual(adam.count, 24, "every parameter after Adam and after AdamW")
        let resnet = byName(try Safetensors.read(path: try Fixtures.path("resnet_mini.golden.safetensors")).tensors)
        XCTAssertEqual(resnet["input"]?.shape, [4, 3, 32, 32])
        XCTAssertEqual(resnet["eval.logits"]?.shape, [4, 5])
        XCTAssertEqual(resnet["after_train_forward.bn1.num_batches_tracked"]?.integers, [101])
    }
}
