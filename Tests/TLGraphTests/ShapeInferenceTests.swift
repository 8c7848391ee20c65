import XCTest

@testable import TLGraph

final class ShapeInferenceTests: XCTestCase {
    private func output(_ layer: Layer, _ input: TensorShape) -> (TensorShape?, [String]) {
        let result = ShapeInference.run([layer], input: input)
        return (result.output, result.problems.map(\.code))
    }

    private func pool(_ k: Int, _ s: Int, _ p: Int = 0, ceil: Bool = false, dilation: Int = 1) -> PoolWindow {
        PoolWindow(kernel: (k, k), stride: (s, s), padding: (p, p), dilation: (dilation, dilation), ceilMode: ceil)
    }

    func testConvolutionOutputSizeFollowsPyTorch() {
        let conv = Conv2dOp(
            outChannels: 8, inChannels: nil, kernel: (3, 5), stride: (2, 1), padding: (1, 2), dilation: (2, 1),
            groups: 2)
        let (shape, problems) = output(Layer("c", conv), .image(4, 11, 9))
        // H: floor((11 + 2 - 2*2 - 1) / 2) + 1 = 5; W: floor((9 + 4 - 4 - 1) / 1) + 1 = 9
        XCTAssertEqual(shape, .image(8, 5, 9))
        XCTAssertEqual(problems, [])
    }

    func testCeilModeDropsAWindowThatStartsInThePadding() {
        XCTAssertEqual(output(Layer("p", MaxPool2dOp(pool(2, 2))), .image(1, 7, 7)).0, .image(1, 3, 3))
        XCTAssertEqual(output(Layer("p", MaxPool2dOp(pool(2, 2, ceil: true))), .image(1, 7, 7)).0, .image(1, 4, 4))
        XCTAssertEqual(output(Layer("p", MaxPool2dOp(pool(3, 2, 1, ceil: true))), .image(1, 6, 6)).0, .image(1, 4, 4))
        // 5x5, kernel 2, stride 2, padding 1, ceil: 4 windows, but the last would start in the padding -> 3 (as PyTorch)
        XCTAssertEqual(output(Layer("p", MaxPool2dOp(pool(2, 2, 1, ceil: true))), .image(1, 5, 5)).0, .image(1, 3, 3))
    }

    func testCollapseIsReportedWithTheSmallestInput() {
        let conv = Conv2dOp(outChannels: 4, inChannels: nil, kernel: (7, 7))
        let result = ShapeInference.run([Layer("big", conv)], input: .image(1, 4, 4))
        XCTAssertNil(result.output)
        XCTAssertEqual(result.problems.first?.code, "shape/collapse")
        XCTAssertTrue(result.problems.first!.expected!.contains("7×7"), result.problems.first!.expected!)
    }

    func testPoolPaddingIsReportedOnTheAxisThatIsWrong() {
        for (padding, got) in [((1, 2), "[1, 2]"), ((2, 0), "[2, 0]")] {
            let op = PoolWindow(kernel: (3, 2), stride: (1, 1), padding: padding)
            let result = ShapeInference.run([Layer("p", MaxPool2dOp(op))], input: .image(1, 8, 8))
            let problem = result.problems.first { $0.code == "shape/pool-padding" }
            XCTAssertEqual(problem?.got, got)
            XCTAssertEqual(problem?.expected, "at most [1, 1] for kernel [3, 2]")
        }
    }

    func testABatchNormLayerWithoutAModeUsesBatchStatisticsForEveryReader() {
        let norm = Layer("bn", BatchNormOp()), conv = Layer("c", Conv2dOp(outChannels: 2, kernel: (1, 1)))
        XCTAssertEqual(BatchNormMode.of(norm, in: [:]), .train)
        XCTAssertEqual(BatchNormMode.of(norm, in: ["bn": .frozen]), .frozen)
        XCTAssertNil(BatchNormMode.of(conv, in: ["c": .frozen]))
    }

    func testDeclaredSizesAreCheckedAndInferenceContinues() {
        let layers = [
            Layer("c", Conv2dOp(outChannels: 4, inChannels: 3, kernel: (1, 1))),
            Layer("f", FlattenOp()),
            Layer("l", LinearOp(outFeatures: 2, inFeatures: 10)),
        ]
        let result = ShapeInference.run(layers, input: .image(1, 2, 2))
        XCTAssertEqual(result.problems.map(\.code), ["shape/channels", "shape/linear-in"])
        XCTAssertEqual(result.output, TensorShape([2]), "inference goes on after a declared-size mismatch")
    }

    func testLinearOnAnImageTensorSuggestsFlattenOrGlobalPool() {
        let result = ShapeInference.run([Layer("l", LinearOp(outFeatures: 2))], input: .image(8, 3, 3))
        XCTAssertEqual(result.problems.map(\.code), ["shape/linear-4d"])
        XCTAssertTrue(result.problems[0].hint!.contains("72 features"), result.problems[0].hint!)
    }

    func testResidualBlockAddsDownsampleWhenTheShapeChanges() {
        let block = Make.basicBlock("b", outChannels: 16, stride: 2)
        let result = ShapeInference.run([block], input: .image(8, 10, 10))
        XCTAssertEqual(result.output, .image(16, 5, 5))
        XCTAssertEqual(
            result.layers[0].allParameters.map(\.name).filter { $0.contains("downsample") }.count, 6,
            "conv weight + 5 BatchNorm tensors")
        let same = ShapeInference.run([Make.basicBlock("b", outChannels: 8, stride: 1)], input: .image(8, 10, 10))
        XCTAssertFalse(same.layers[0].allParameters.contains { $0.name.contains("downsample") })
    }

    func testGroupsMustDivideChannels() {
        let conv = Conv2dOp(outChannels: 6, inChannels: nil, kernel: (1, 1), groups: 4)
        XCTAssertEqual(output(Layer("g", conv), .image(8, 2, 2)).1, ["shape/groups"])
    }

    func testSelectorsMatchNamesNestedNamesAndPatterns() {
        XCTAssertTrue(LayerSelector("layer1").matches("layer1.0.conv1"))
        XCTAssertFalse(LayerSelector("layer1").matches("layer10"))
        XCTAssertFalse(LayerSelector("features.1").matches("features.10"))
        XCTAssertTrue(LayerSelector("layer*.0.bn1").matches("layer3.0.bn1"))
        XCTAssertTrue(LayerSelector("fc*").matches("fc1"))
        XCTAssertFalse(LayerSelector("fc*").matches("conv1"))
        XCTAssertTrue(LayerSelector("conv1").matches("conv1.pool"))
    }
}
