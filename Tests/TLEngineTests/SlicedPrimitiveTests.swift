import CDNNL
import XCTest

@testable import TLEngine

/// Work cut along a tensor's first dimension: which layouts can be cut where, and a cut reorder writes exactly what
/// the whole one writes.
final class SlicedPrimitiveTests: XCTestCase {
    private func layout(_ dims: [Int], _ tag: dnnl_format_tag_t) throws -> dnnl_memory_desc_t {
        var layout = dnnl_memory_desc_t()
        XCTAssertEqual(
            dnnl_memory_desc_init_by_tag(&layout, Int32(dims.count), dims.map(Int64.init), dnnl_f32, tag), dnnl_success)
        return layout
    }

    func testLayoutsAreCutOnlyWhereTheirFirstDimensionIsOutermostAndWholeBlocks() throws {
        let images = try layout([8, 32, 5, 5], dnnl_aBcd16b)
        XCTAssertEqual(SlicedPrimitive.firstDimensionBlock(images), 1)
        XCTAssertEqual(SlicedPrimitive.sliceLayout(images, entries: 2)?.dims.0, 2)
        XCTAssertNil(SlicedPrimitive.sliceLayout(images, entries: 3), "3 does not divide 8")

        let weights = try layout([64, 32, 3, 3], dnnl_ABcd16b16a)
        XCTAssertEqual(SlicedPrimitive.firstDimensionBlock(weights), 16)
        XCTAssertEqual(SlicedPrimitive.sliceLayout(weights, entries: 32)?.padded_dims.0, 32)
        XCTAssertNil(SlicedPrimitive.sliceLayout(weights, entries: 8), "half a block of output channels")

        let channelsLast = try layout([8, 32, 5, 5], dnnl_acdb)
        XCTAssertNotNil(SlicedPrimitive.sliceLayout(channelsLast, entries: 4))
        let channelsFirst = try layout([8, 32, 5, 5], dnnl_bacd)
        XCTAssertNil(SlicedPrimitive.sliceLayout(channelsFirst, entries: 4), "images are not kept together")
    }

    /// A weight reorder large enough to be cut, on two threads (cut by blocks of output channels) and on one (whole):
    /// the same bits in the blocked layout, and back.
    func testACutReorderWritesWhatTheWholeOneWrites() throws {
        let dims = [128, 96, 3, 3], count = dims.reduce(1, *)
        let plain = try plainDescriptor(dims), blocked = try layout(dims, dnnl_ABcd16b16a)
        let source = try FloatBuffer(count: count)
        var random = SeededRandom(seed: 3)
        for i in 0..<count { source.pointer[i] = random.uniform(-1, 1) }
        let context = try DNNLContext.shared()
        let threads = ComputeThreads.current
        defer { ComputeThreads.set(threads) }
        var results: [(blocked: [Float], back: [Float], kernels: [KernelChoice])] = []
        for threadCount in [2, 1] {
            ComputeThreads.set(threadCount)
            let memory = try PlanMemory(
                largestValue: 1 << 12, largestBlockValue: 0, reusesActivations: false, arenaBytes: 0)
            let target = try FloatBuffer(count: count), back = try FloatBuffer(count: count)
            let into = try Reorder(from: plain, source, to: blocked, target, context: context, memory: memory)
            let out = try Reorder(from: blocked, target, to: plain, back, context: context, memory: memory)
            try memory.finish(context: context)
            into.run()
            out.run()
            results.append((target.array, back.array, memory.choices))
        }
        XCTAssertTrue(results[0].kernels.allSatisfy { $0.shape.contains("cut into") }, "\(results[0].kernels)")
        XCTAssertFalse(results[1].kernels.contains { $0.shape.contains("cut") })
        XCTAssertEqual(results[0].blocked, results[1].blocked)
        XCTAssertEqual(results[0].back, source.array)
        XCTAssertEqual(results[1].back, source.array)
    }
}
