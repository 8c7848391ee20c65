import CDNNL
import TLGraph
import XCTest

@testable import TLEngine

/// tlrun's own gradient of 2x2 max pooling with stride 2 against the definition (the window's first largest element,
/// row by row, takes the gradient), on inputs full of ties, in both channel-blocked layouts.
final class PairPoolingGradientTests: XCTestCase {
    private let pairs = PoolWindow(kernel: (2, 2), stride: (2, 2))

    private func blocked(_ dims: [Int], block: Int) throws -> dnnl_memory_desc_t {
        var layout = dnnl_memory_desc_t()
        let tag = block == 8 ? dnnl_aBcd8b : dnnl_aBcd16b
        XCTAssertEqual(dnnl_memory_desc_init_by_tag(&layout, 4, dims.map(Int64.init), dnnl_f32, tag), dnnl_success)
        return layout
    }

    func testGradientGoesToTheFirstLargestElementOfEachWindow() throws {
        let dims = [2, 12, 4, 6]
        let (n, c, h, w) = (dims[0], dims[1], dims[2], dims[3])
        for block in [8, 16] {
            let layout = try blocked(dims, block: block)
            let input = try Value(dims: dims, layout: layout, needsGrad: true, memory: nil)
            let outputGradient = try FloatBuffer(count: input.buffer.count / 4)
            /// The place of element (image, channel, row, column) in a channel-blocked buffer of `width` columns.
            func place(_ image: Int, _ channel: Int, _ row: Int, _ column: Int, height: Int, width: Int) -> Int {
                let blocks = (c + block - 1) / block
                return (((image * blocks + channel / block) * height + row) * width + column) * block + channel % block
            }
            var random = SeededRandom(seed: UInt64(block))
            for i in 0..<input.buffer.count { input.buffer.pointer[i] = Float(Int(random.uniform(0, 3))) }
            for i in 0..<outputGradient.count { outputGradient.pointer[i] = random.uniform(0.5, 1.5) }
            for i in 0..<input.buffer.count { input.grad!.pointer[i] = .nan }

            XCTAssertEqual(
                try PairPoolingGradient.block(for: pairs, input: input, outputDims: [n, c, h / 2, w / 2]), block)
            PairPoolingGradient(input: input, outputGradient: outputGradient, block: block).run()

            var ties = 0
            for image in 0..<n {
                for channel in 0..<c {
                    for row in 0..<h / 2 {
                        for column in 0..<w / 2 {
                            let window = [
                                (2 * row, 2 * column), (2 * row, 2 * column + 1), (2 * row + 1, 2 * column),
                                (2 * row + 1, 2 * column + 1),
                            ]
                            let values = window.map {
                                input.buffer.pointer[place(image, channel, $0.0, $0.1, height: h, width: w)]
                            }
                            let first = values.firstIndex(of: values.max()!)!
                            if values.filter({ $0 == values.max()! }).count > 1 { ties += 1 }
                            let g = outputGradient.pointer[
                                place(image, channel, row, column, height: h / 2, width: w / 2)]
                            for (index, (y, x)) in window.enumerated() {
                                XCTAssertEqual(
                                    input.grad!.pointer[place(image, channel, y, x, height: h, width: w)],
                                    index == first ? g : 0,
                                    "block \(block), image \(image), channel \(channel), element (\(y), \(x))")
                            }
                        }
                    }
                }
            }
            XCTAssertGreaterThan(ties, 10, "the input should hold windows with several largest elements")
        }
    }

    func testOtherWindowsAndLayoutsKeepOneDNNsGradient() throws {
        let dims = [2, 8, 4, 4]
        let blockedInput = try Value(dims: dims, layout: try blocked(dims, block: 8), needsGrad: true, memory: nil)
        let plainInput = try Value(dims: dims, needsGrad: true, memory: nil)
        XCTAssertNil(try PairPoolingGradient.block(for: pairs, input: plainInput, outputDims: [2, 8, 2, 2]))
        XCTAssertNil(
            try PairPoolingGradient.block(
                for: PoolWindow(kernel: (3, 3), stride: (2, 2)), input: blockedInput, outputDims: [2, 8, 1, 1]))
        XCTAssertNil(
            try PairPoolingGradient.block(
                for: PoolWindow(kernel: (2, 2), stride: (1, 1)), input: blockedInput, outputDims: [2, 8, 3, 3]))
        XCTAssertNil(
            try PairPoolingGradient.block(
                for: PoolWindow(kernel: (2, 2), stride: (2, 2), padding: (1, 1)), input: blockedInput,
                outputDims: [2, 8, 3, 3]))
        let odd = [2, 8, 5, 5]
        let oddInput = try Value(dims: odd, layout: try blocked(odd, block: 8), needsGrad: true, memory: nil)
        XCTAssertNil(
            try PairPoolingGradient.block(
                for: PoolWindow(kernel: (2, 2), stride: (2, 2), ceilMode: true), input: oddInput,
                outputDims: [2, 8, 3, 3]))
    }
}
