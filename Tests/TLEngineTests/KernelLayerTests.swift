import TLGraph
import XCTest

@testable import TLEngine

/// A layer type outside the catalog (so without a kernel view the compiler checked) is refused by name; activations
/// compute their formulas.
final class KernelLayerTests: XCTestCase {
    func testALayerTypeWithoutAKernelViewIsRefusedByName() {
        struct IdentityOp: LayerOperation {
            var kind: String { "identity" }
            mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
                inference.record(step, self, output: step.input)
            }
        }
        let layers = [L.flatten, Layer("same", IdentityOp()), L.linear("fc", 2)]
        XCTAssertThrowsError(
            try CompiledNetwork(
                layers: layers, input: TensorShape([3]), batchSize: 2,
                store: ParameterStore(layers: [], seed: 0))
        ) { error in
            XCTAssertTrue("\(error)".contains("layer type identity of 'same' has no kernel view"), "\(error)")
        }
    }

    func testSigmoidTanhAndSoftplusAreTheirFormulas() throws {
        let x: [Float] = [-30, -2, -0.5, 0, 0.25, 1, 3, 8, 20, 40]
        let formulas: [(any LayerOperation, (Float) -> Float)] = [
            (SigmoidOp(), { 1 / (1 + exp(-$0)) }),
            (TanhOp(), { tanh($0) }),
            (SoftplusOp(), { $0 > 20 ? $0 : log1p(exp($0)) }),
        ]
        for (operation, formula) in formulas {
            let network = try CompiledNetwork(
                layers: [L.flatten, Layer("act", operation)], input: TensorShape([5]), batchSize: 2,
                store: ParameterStore(layers: [], seed: 0))
            network.input.buffer.copy(from: x)
            network.forward(training: false)
            assertClose(network.output.values, x.map(formula), rtol: 1e-6, operation.kind)
        }
    }
}
