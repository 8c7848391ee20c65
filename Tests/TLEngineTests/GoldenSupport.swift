import Foundation
import TLGraph
import TLIO
@_exported import TLTestSupport
import XCTest

@testable import TLEngine

/// A PyTorch reference file under `Tests/Fixtures/` as name → tensor.
struct Golden {
    let tensors: [String: StoredTensor]

    /// Reads fixture `file`; a missing or unreadable one throws an error naming it and the regenerate command.
    init(_ file: String) throws {
        tensors = try Fixtures.tensors(file)
    }

    /// The values of `name` as floats (integers converted).
    func values(_ name: String) -> [Float] {
        guard let tensor = tensors[name] else {
            XCTFail("golden tensor '\(name)' is missing")
            return []
        }
        switch tensor.values {
        case .float32(let floats): return floats
        case .int64(let integers): return integers.map(Float.init)
        }
    }

    /// Every tensor whose name starts with `prefix`, with the prefix removed.
    func group(_ prefix: String) -> [String: [Float]] {
        Dictionary(
            uniqueKeysWithValues: tensors.keys.filter { $0.hasPrefix(prefix) }.map {
                (String($0.dropFirst(prefix.count)), values($0))
            })
    }
}

/// `layers` compiled on `input` for `batch` images, training only the layers in `trainable` (every layer when nil),
/// with the tensors of `weights` (asserted to be exactly the network's) and fed the `input` and `labels` of `golden`.
func goldenNetwork(
    _ layers: [Layer], input: TensorShape, batch: Int, trainable: Set<String>?, weights: Golden, golden: Golden,
    file: StaticString = #filePath, line: UInt = #line
) throws -> (CompiledNetwork, ParameterStore) {
    let resolved = ShapeInference.run(layers, input: input).layers
    let frozen = trainable.map { Set(resolved.flatMap(\.flattened).map(\.name)).subtracting($0) } ?? []
    let store = try ParameterStore(layers: [], seed: 0)
    let network = try CompiledNetwork(
        layers: resolved, input: input, batchSize: batch, store: store, frozen: frozen)
    try load(weights, into: store)
    XCTAssertEqual(
        Set(store.parameters.map(\.name)), Set(weights.tensors.keys), "every state_dict key, nothing else",
        file: file, line: line)
    feed(network, input: golden.values("input"), labels: golden.values("labels"))
    return (network, store)
}

/// Loads every tensor of `golden` whose name the store knows (a state_dict) into the store, except `skipping`.
func load(_ golden: Golden, into store: ParameterStore, skipping: Set<String> = []) throws {
    for name in golden.tensors.keys where store[name] != nil && !skipping.contains(name) {
        try store.set(name, values: golden.values(name))
    }
}

/// Asserts `ours` equals `theirs` within a relative tolerance of the larger of each value and the tensor's scale.
func assertClose(
    _ ours: [Float], _ theirs: [Float], rtol: Float = 1e-4, _ what: String, file: StaticString = #filePath,
    line: UInt = #line
) {
    XCTAssertEqual(ours.count, theirs.count, "\(what): element count", file: file, line: line)
    let scale = theirs.map(abs).max() ?? 0
    var worst: (Int, Float) = (0, 0)
    for (i, (a, b)) in zip(ours, theirs).enumerated() {
        let error = abs(a - b) / max(abs(b), scale * 0.1, 1e-6)
        if error > worst.1 { worst = (i, error) }
    }
    XCTAssertLessThanOrEqual(
        worst.1, rtol, "\(what)[\(worst.0)]: \(ours[worst.0]) vs PyTorch \(theirs[worst.0])", file: file, line: line)
}

/// Like `assertClose`, but entries flagged in `illConditioned` only need to be within `absolute` (Adam divides by
/// √v + eps, so a gradient that is zero in one engine and 1e-12 in the other moves that entry by up to a full step).
func assertClose(
    _ ours: [Float], _ theirs: [Float], rtol: Float, illConditioned: [Bool], absolute: Float, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    let steady = zip(zip(ours, theirs), illConditioned).filter { !$0.1 }.map(\.0)
    assertClose(
        steady.map(\.0), steady.map(\.1), rtol: rtol, what + " (well-conditioned entries)", file: file, line: line)
    for (i, ((a, b), flagged)) in zip(zip(ours, theirs), illConditioned).enumerated() where flagged {
        XCTAssertLessThanOrEqual(abs(a - b), absolute, "\(what)[\(i)] (gradient ≈ 0)", file: file, line: line)
    }
}

/// Copies a batch of inputs and labels into a compiled network.
func feed(_ network: CompiledNetwork, input: [Float], labels: [Float]) {
    network.input.buffer.copy(from: input)
    for (i, label) in labels.enumerated() { network.labels[i] = Int32(label) }
}

/// Runs one training pass of `network` (fed by `goldenNetwork`) and checks its logits, loss and every parameter's
/// gradient against `golden`'s `train.*` and `grad.*` tensors (each within `gradientTolerance` of its name).
func assertTrainingPassMatches(
    _ network: CompiledNetwork, store: ParameterStore, golden: Golden,
    gradientTolerance: (String) -> Float = { _ in 1e-4 },
    file: StaticString = #filePath, line: UInt = #line
) {
    network.forward(training: true)
    assertClose(network.output.values, golden.values("train.logits"), "train.logits", file: file, line: line)
    let loss = network.lossAndBackward()
    assertClose([Float(loss)], golden.values("train.loss"), "train.loss", file: file, line: line)
    let gradients = golden.group("grad.")
    XCTAssertEqual(gradients.count, network.trainableParameters.count, file: file, line: line)
    for (name, expected) in gradients {
        let ours = store[name]!.grad.array
        // A bias whose every path leads into a BatchNorm with batch statistics has a true gradient of zero; both
        // sides hold float rounding there.
        if expected.allSatisfy({ abs($0) < 1e-7 }) {
            XCTAssertLessThan(
                ours.map(abs).max() ?? 0, 1e-6, "grad.\(name): zero up to rounding", file: file, line: line)
        } else {
            assertClose(ours, expected, rtol: gradientTolerance(name), "grad.\(name)", file: file, line: line)
        }
    }
}
