import TLGraph
import XCTest

@testable import TLEngine

/// The fast convolution path (oneDNN, blocked layouts) against a naive loop over the definition.
final class ReferenceConvolutionTests: XCTestCase {
    private func naive(
        _ x: [Float], _ w: [Float], _ b: [Float], n: Int, c: Int, h: Int, wd: Int, op: Conv2dOp, oh: Int, ow: Int
    ) -> [Float] {
        let o = op.outChannels, g = op.groups, cg = c / g, og = o / g
        var out = [Float](repeating: 0, count: n * o * oh * ow)
        for b0 in 0..<n {
            for oc in 0..<o {
                for y in 0..<oh {
                    for xx in 0..<ow {
                        var sum = b.isEmpty ? 0 : b[oc]
                        let group = oc / og
                        for ic in 0..<cg {
                            for ky in 0..<op.kernel.0 {
                                for kx in 0..<op.kernel.1 {
                                    let iy = y * op.stride.0 - op.padding.0 + ky * op.dilation.0
                                    let ix = xx * op.stride.1 - op.padding.1 + kx * op.dilation.1
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    let input = x[((b0 * c + group * cg + ic) * h + iy) * wd + ix]
                                    sum += input * w[((oc * cg + ic) * op.kernel.0 + ky) * op.kernel.1 + kx]
                                }
                            }
                        }
                        out[((b0 * o + oc) * oh + y) * ow + xx] = sum
                    }
                }
            }
        }
        return out
    }

    func testFastPathEqualsTheDefinition() throws {
        let cases: [(Conv2dOp, TensorShape)] = [
            (Conv2dOp(outChannels: 32, kernel: (3, 3), padding: (1, 1)), .image(16, 9, 9)),
            (
                Conv2dOp(outChannels: 8, kernel: (3, 5), stride: (2, 1), padding: (1, 2), dilation: (2, 1)),
                .image(3, 11, 10)
            ),
            (Conv2dOp(outChannels: 16, kernel: (3, 3), padding: (1, 1), groups: 16, bias: false), .image(16, 7, 7)),
            (Conv2dOp(outChannels: 64, kernel: (1, 1), stride: (2, 2)), .image(32, 8, 8)),
            (
                Conv2dOp(outChannels: 64, kernel: (7, 7), stride: (2, 2), padding: (3, 3), bias: false),
                .image(3, 20, 20)
            ),
        ]
        for (op, input) in cases {
            let layer = Layer("c", op)
            let store = try ParameterStore(layers: [], seed: 3)
            let network = try CompiledNetwork(
                layers: [layer, L.flatten], input: input, batchSize: 2, store: store, frozen: ["c"])
            let x = randomValues(network.input.count, seed: 4)
            network.input.buffer.copy(from: x)
            network.forward(training: false)
            let inferred = ShapeInference.run([layer], input: input).inferred[0]
            let expected = naive(
                x, store["c.weight"]!.value.array, op.bias ? store["c.bias"]!.value.array : [], n: 2, c: input.dims[0],
                h: input.dims[1], wd: input.dims[2], op: op, oh: inferred.output.dims[1], ow: inferred.output.dims[2])
            assertClose(
                network.output.values, expected, rtol: 1e-4, "conv \(op.kernel) stride \(op.stride) groups \(op.groups)"
            )
        }
    }
}
