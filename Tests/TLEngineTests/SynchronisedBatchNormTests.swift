import Foundation
import TLGraph
import XCTest

@testable import TLEngine

/// Synchronised BatchNorm (`train.sync_batchnorm`): a batch split over two replicas that share their statistics gives
/// the whole batch's gradients, input gradients and running statistics. The replicas run in two threads of this
/// process, exchanging through a sum that waits for both (as MPI's all-reduce does between processes).
final class SynchronisedBatchNormTests: XCTestCase {
    /// An element-wise sum between two parties, each call waiting for the other's.
    private final class PairSum: @unchecked Sendable {
        private let condition = NSCondition()
        private var pending: [[Double]?] = [nil, nil]
        private var result: [Double] = []
        private var round = 0

        func sum(part: Int, _ values: [Double]) -> [Double] {
            condition.lock()
            defer { condition.unlock() }
            let started = round
            pending[part] = values
            if let first = pending[0], let second = pending[1] {
                result = zip(first, second).map(+)
                pending = [nil, nil]
                round += 1
                condition.broadcast()
            } else {
                while round == started { condition.wait() }
            }
            return result
        }
    }

    /// A 3x6x6 input through a 5-channel BatchNorm (not a multiple of any channel block), a 6-channel one and a
    /// BatchNorm over features.
    private let layers = [
        L.conv("c1", 5, k: 3, p: 1), L.bn2d("bn1"), Layer("r1", ReLUOp()), L.conv("c2", 6, k: 3, s: 2, p: 1),
        L.bn2d("bn2"),
        L.flatten, L.linear("fc1", 7), L.bn1d("bn3"), L.linear("fc2", 3),
    ]
    private let shape = TensorShape.image(3, 6, 6)

    private func network(batch: Int, shared: SharedBatchStatistics? = nil) throws -> CompiledNetwork {
        try CompiledNetwork(
            layers: layers, input: shape, batchSize: batch, store: ParameterStore(layers: [], seed: 5), seed: 9,
            inputGradient: true, sharedBatchStatistics: shared)
    }

    func testASplitBatchWithSharedStatisticsGivesTheWholeBatchsGradients() throws {
        let sizes = [3, 5], total = 8
        let whole = try network(batch: total)
        fill(whole, seed: 3)
        let images = whole.input.buffer.array, perImage = whole.input.count / total
        let labels = (0..<total).map { whole.labels[$0] }
        whole.forward(training: true)
        whole.lossAndBackward()

        let exchange = PairSum()
        let parts = try sizes.indices.map { part in
            try network(batch: sizes[part], shared: SharedBatchStatistics(sum: { exchange.sum(part: part, $0) }))
        }
        for (part, network) in parts.enumerated() {
            let first = sizes[..<part].reduce(0, +)
            network.input.buffer.copy(from: Array(images[(first * perImage)..<((first + sizes[part]) * perImage)]))
            for i in 0..<sizes[part] { network.labels[i] = labels[first + i] }
        }
        let group = DispatchGroup()
        for network in parts {
            DispatchQueue.global().async(group: group) {
                network.forward(training: true)
                network.lossAndBackward()
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success, "both replicas finish")

        for parameter in whole.trainableParameters {
            let combined = parts.enumerated().map { part, network -> [Float] in
                let weight = Float(sizes[part]) / Float(total)
                return network.store[parameter.name]!.grad.array.map { $0 * weight }
            }.reduce([Float](repeating: 0, count: parameter.count)) { zip($0, $1).map(+) }
            assertClose(combined, parameter.grad.array, "\(parameter.name) gradient")
        }
        let inputGradients = parts.enumerated().flatMap { part, network in
            network.input.grad!.array.map { $0 * Float(sizes[part]) / Float(total) }
        }
        assertClose(inputGradients, whole.input.grad!.array, "input gradient")
        for name in ["bn1", "bn2", "bn3"].flatMap({ ["\($0).running_mean", "\($0).running_var"] }) {
            for network in parts { assertClose(network.store[name]!.value.array, whole.store[name]!.value.array, name) }
        }
    }

    private func assertClose(
        _ actual: [Float], _ expected: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        let difference = zip(actual, expected).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot()
        let size = expected.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
        // Biases just before a BatchNorm have a true gradient of zero; theirs is Float32 rounding, under 1e-6.
        XCTAssertLessThanOrEqual(
            difference, 1e-5 * size + 1e-6, "\(what): relative difference \(difference / size)", file: file, line: line)
    }
}
