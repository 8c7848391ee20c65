import TLGraph
import XCTest

@testable import TLEngine

/// tlrun's own weight gradient for small feature maps (im2col and one sgemm over the batch) against the definition,
/// whichever CPU runs the test (plans take it only where oneDNN's best is its gemm-based convolution).
final class BatchedWeightGradientTests: XCTestCase {
    private func naiveGradients(_ x: [Float], _ dy: [Float], input: [Int], output: [Int], op: Conv2dOp) -> (
        weights: [Float], bias: [Float]
    ) {
        let (n, c, h, w) = (input[0], input[1], input[2], input[3])
        let (o, oh, ow) = (output[1], output[2], output[3])
        var dw = [Float](repeating: 0, count: o * c * op.kernel.0 * op.kernel.1)
        var db = [Float](repeating: 0, count: o)
        for b in 0..<n {
            for oc in 0..<o {
                for y in 0..<oh {
                    for xx in 0..<ow {
                        let g = dy[((b * o + oc) * oh + y) * ow + xx]
                        db[oc] += g
                        for ic in 0..<c {
                            for ky in 0..<op.kernel.0 {
                                for kx in 0..<op.kernel.1 {
                                    let iy = y * op.stride.0 - op.padding.0 + ky * op.dilation.0
                                    let ix = xx * op.stride.1 - op.padding.1 + kx * op.dilation.1
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    dw[((oc * c + ic) * op.kernel.0 + ky) * op.kernel.1 + kx] +=
                                        g * x[((b * c + ic) * h + iy) * w + ix]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dw, db)
    }

    func testWeightAndBiasGradientsEqualTheDefinition() throws {
        let cases: [(Conv2dOp, [Int])] = [
            (Conv2dOp(outChannels: 16, kernel: (3, 3), padding: (1, 1)), [4, 8, 2, 2]),
            (
                Conv2dOp(outChannels: 6, kernel: (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2)),
                [3, 5, 7, 6]
            ),
            (Conv2dOp(outChannels: 10, kernel: (1, 1), stride: (2, 2), bias: false), [2, 12, 4, 4]),
        ]
        let context = try DNNLContext.shared()
        for (op, inputDims) in cases {
            let layer = ShapeInference.run([Layer("c", op)], input: .image(inputDims[1], inputDims[2], inputDims[3]))
            let outputDims = [inputDims[0]] + layer.inferred[0].output.dims
            XCTAssertLessThanOrEqual(outputDims[2] * outputDims[3], BatchedWeightGradient.largestMap)
            let store = try ParameterStore(layers: layer.layers, seed: 1)
            for parameter in store.parameters { try parameter.allocateGradient() }
            let memory = try PlanMemory(
                largestValue: 1 << 12, largestBlockValue: 0, reusesActivations: false, arenaBytes: 0)
            let source = try Value(dims: inputDims, needsGrad: false, memory: nil)
            let output = try Value(dims: outputDims, needsGrad: true, memory: nil)
            let x = randomValues(source.count, seed: 2), dy = randomValues(output.count, seed: 3)
            source.buffer.copy(from: x)
            output.grad!.copy(from: dy)
            let step = try BatchedWeightGradient(
                op, source: source, output: output, weight: store["c.weight"]!,
                bias: op.bias ? store["c.bias"] : nil, context: context, memory: memory)
            try memory.finish(context: context)
            step.run()
            let expected = naiveGradients(x, dy, input: inputDims, output: outputDims, op: op)
            assertClose(store["c.weight"]!.grad.array, expected.weights, rtol: 1e-5, "weight gradient \(op)")
            if op.bias { assertClose(store["c.bias"]!.grad.array, expected.bias, rtol: 1e-5, "bias gradient \(op)") }
        }
    }
}
