import Foundation
import TLGraph
import XCTest

@testable import TLEngine

/// A compiled plan's steady state: no heap allocation in tlrun's step code, and bit-for-bit determinism.
final class SteadyStateTests: XCTestCase {
    func testTrainingStepsAllocateNothingOutsideOneDNN() throws {
        let bundle =
            (Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        let process = Process()
        process.executableURL = bundle.appendingPathComponent("tlbench")
        process.arguments = ["--allocations", "--filter", "seed-cnn-28", "--runs", "3"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("seed-cnn-28 train: 0 allocations outside oneDNN in 3 steady-state steps"), text)
        // The number of primitive calls depends on the CPU (oneDNN picks other layouts and reorders); it only has to be counted.
        let calls =
            text.range(of: " oneDNN primitive calls)").flatMap { end in
                Int(String(text[..<end.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
            } ?? 0
        XCTAssertGreaterThan(calls, 0, "the counter really ran: \(text)")
    }

    private func trainedWeights(seed: UInt64) throws -> [Float] {
        let layers = [
            L.conv("c", 4, k: 3, p: 1), L.bn2d("bn"), Layer("r", ReLUOp()), L.flatten, L.linear("a", 8),
            Layer("d", DropoutOp(p: 0.3)), L.linear("b", 3),
        ]
        let store = try ParameterStore(layers: [], seed: seed)
        let network = try CompiledNetwork(
            layers: layers, input: .image(2, 6, 6), batchSize: 5, store: store, seed: seed)
        let optimizer = Adam(parameters: network.trainableParameters)
        for step in 0..<4 {
            fill(network, seed: UInt64(step))
            network.forward(training: true)
            network.lossAndBackward()
            try optimizer.step(learningRate: 0.01)
        }
        return store.parameters.flatMap(\.value.array)
    }

    func testSameSeedSameThreadsGivesBitIdenticalTraining() throws {
        let first = try trainedWeights(seed: 42)
        XCTAssertEqual(first, try trainedWeights(seed: 42))
        XCTAssertNotEqual(first, try trainedWeights(seed: 43), "another seed initialises and drops out differently")
    }

    func testInitialisationIsPyTorchsDefaultAndIndependentOfOrder() throws {
        let a = try ParameterStore(
            layers: [L.linear("x", 4), L.linear("y", 2)].resolved(on: TensorShape([16])), seed: 7)
        let b = try ParameterStore(layers: [L.linear("y", 2)].resolved(on: TensorShape([4])), seed: 7)
        XCTAssertEqual(a["y.weight"]!.value.array, b["y.weight"]!.value.array, "each tensor has its own seeded stream")
        let weights = a["x.weight"]!.value.array
        let bound: Float = 1 / 4
        XCTAssertTrue(weights.allSatisfy { abs($0) <= bound }, "kaiming_uniform(a=√5) bound is 1/√fan_in")
        XCTAssertGreaterThan(weights.map(abs).max()!, bound * 0.8)
        let bn = try ParameterStore(
            layers: [L.conv("c", 2, k: 1), L.bn2d("bn")].resolved(on: .image(1, 2, 2)), seed: 1)
        XCTAssertEqual(bn["bn.weight"]!.value.array, [1, 1])
        XCTAssertEqual(bn["bn.running_var"]!.value.array, [1, 1])
        XCTAssertEqual(bn["bn.running_mean"]!.value.array, [0, 0])
    }
}

extension Array where Element == Layer {
    /// The layers with sizes filled in by shape inference.
    func resolved(on input: TensorShape) -> [Layer] { ShapeInference.run(self, input: input).layers }
}
