import TLGraph
import XCTest

@testable import TLEngine

/// An evaluation plan folds each BatchNorm that follows a convolution into it and applies the element-wise activation
/// after them as the convolution's post-op; its logits equal those of the same network run unfused, and it follows the
/// network's tensors when they change between passes.
final class FoldedBatchNormTests: XCTestCase {

    /// The logits of `layers` on `input` with the tensors of `store`: folded (an evaluation plan) or not (a plan that
    /// computes the input's gradient, which never folds).
    private func logits(_ layers: [Layer], store: ParameterStore, input: [Float], folded: Bool) throws -> [Float] {
        let everything = Set(layers.flatMap(\.flattened).map(\.name))
        let modes = Dictionary(
            uniqueKeysWithValues: layers.flatMap(\.flattened).filter(\.op.hasRunningStatistics).map {
                ($0.name, BatchNormMode.frozen)
            })
        let plan = try CompiledNetwork(
            layers: layers, input: .image(3, 9, 9), batchSize: 2, store: store, frozen: everything,
            batchNormModes: modes, inputGradient: !folded)
        plan.input.buffer.copy(from: input)
        plan.forward(training: false)
        return plan.output.values
    }

    /// Sets every BatchNorm tensor of `store` to values away from the defaults (variances positive).
    private func perturbBatchNorms(_ store: ParameterStore) {
        for parameter in store.parameters where parameter.name.contains("running") || parameter.name.contains("bn") {
            let values = randomValues(parameter.count, seed: UInt64(parameter.name.count))
            parameter.value.copy(from: values.map { parameter.name.hasSuffix("running_var") ? abs($0) + 0.5 : $0 })
        }
    }

    /// Checks that the evaluation plan of `layers` (BatchNorm tensors perturbed) computes the unfused plan's logits;
    /// returns the plan with its store and input.
    private func assertFusedEqualsUnfused(_ layers: [Layer], seed: UInt64) throws
        -> (plan: CompiledNetwork, store: ParameterStore, input: [Float])
    {
        let store = try ParameterStore(layers: ShapeInference.run(layers, input: .image(3, 9, 9)).layers, seed: seed)
        perturbBatchNorms(store)
        let input = randomValues(2 * 3 * 9 * 9, seed: seed + 4)
        let unfused = try logits(layers, store: store, input: input, folded: false)
        let fused = try logits(layers, store: store, input: input, folded: true)
        for (a, b) in zip(fused, unfused) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        let plan = try CompiledNetwork(
            layers: layers, input: .image(3, 9, 9), batchSize: 2, store: store,
            frozen: Set(layers.flatMap(\.flattened).map(\.name)))
        return (plan, store, input)
    }

    func testResidualAdditionsDoneByTheBodysLastConvolutionEqualTheUnfusedOnes() throws {
        let identity = ResidualOp(
            body: [
                L.conv("b1.conv1", 16, k: 3, p: 1, bias: false), L.bn2d("b1.bn1"), Layer("b1.relu", ReLUOp()),
                L.conv("b1.conv2", 16, k: 3, p: 1, bias: false), L.bn2d("b1.bn2"),
            ], shortcut: [], projectsWhenShapeChanges: false)
        let projected = ResidualOp(
            body: [
                L.conv("b2.conv1", 32, k: 3, s: 2, p: 1, bias: false), L.bn2d("b2.bn1"), Layer("b2.relu", ReLUOp()),
                L.conv("b2.conv2", 32, k: 1), L.bn2d("b2.bn2"), Layer("b2.drop", DropoutOp(p: 0.5)),
            ], shortcut: [L.conv("b2.down", 32, k: 1, s: 2, bias: false), L.bn2d("b2.down_bn")],
            projectsWhenShapeChanges: false)
        // Its only convolution reads the value the addition adds to: the block adds on its own.
        let readsItsTarget = ResidualOp(
            body: [L.conv("b3.conv", 32, k: 1, bias: false), L.bn2d("b3.bn")], shortcut: [],
            projectsWhenShapeChanges: false, reluAfterAdd: false)
        let nested = ResidualOp(
            body: [
                Layer("b4.0", SequenceOp([L.conv("b4.0.conv", 32, k: 1), Layer("b4.0.relu", ReLU6Op())])),
                Layer("b4.1", SequenceOp([L.conv("b4.1.conv", 32, k: 3, p: 1, g: 32), L.bn2d("b4.1.bn")])),
                Layer("b4.drop", StochasticDepthOp(p: 0.2)),
            ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        let layers = [
            L.conv("stem", 16, k: 3, p: 1, bias: false), L.bn2d("stem_bn"), Layer("stem_relu", ReLUOp()),
            Layer("b1", identity), Layer("b2", projected), Layer("b3", readsItsTarget), Layer("b4", nested),
            L.flatten, L.linear("fc", 4),
        ]
        let (plan, _, _) = try assertFusedEqualsUnfused(layers, seed: 5)
        XCTAssertEqual(
            plan.kernels.filter { $0 is ResidualKernel }.count, 1,
            "every block but b3 adds in its last convolution")
    }

    func testFusedLogitsEqualTheUnfusedOnesAndFollowTheTensors() throws {
        let layers = [
            L.conv("conv1", 16, k: 3, s: 2, p: 1, bias: false), L.bn2d("bn1"), Layer("relu1", ReLUOp()),
            L.maxPool("pool", k: 2, s: 1), L.conv("conv2", 16, k: 3, p: 1, g: 16), L.bn2d("bn2"),
            Layer("relu6", ReLU6Op()), L.conv("conv3", 8, k: 1), Layer("silu", SiLUOp()), L.conv("conv4", 8, k: 1),
            L.bn2d("bn4"), Layer("gelu", GELUOp(tanh: false)), L.conv("conv5", 5, k: 1), L.bn2d("bn5"),
            Layer("leaky", LeakyReLUOp(slope: 0.1)), L.conv("conv6", 5, k: 1), L.bn2d("bn6"),
            Layer("hardswish", HardswishOp()), L.flatten, L.linear("fc", 4),
        ]
        let (plan, store, input) = try assertFusedEqualsUnfused(layers, seed: 3)
        plan.input.buffer.copy(from: input)
        plan.forward(training: false)
        let before = plan.output.values
        store["bn2.running_mean"]!.value.copy(from: [Float](repeating: 0.25, count: 16))
        plan.forward(training: false)
        XCTAssertNotEqual(plan.output.values, before, "the fold reads the running statistics at every pass")
        let again = try logits(layers, store: store, input: input, folded: false)
        for (a, b) in zip(plan.output.values, again) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
    }
}
