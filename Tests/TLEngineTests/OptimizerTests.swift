import TLGraph
import XCTest

@testable import TLEngine

/// Schedules, clipping, parameter groups, optimizer state and devices.
final class OptimizerTests: XCTestCase {
    func testSchedulesMatchPyTorchPerEpoch() throws {
        let step = LearningRateSchedule(.step(every: 3, gamma: 0.5), baseLR: 1, epochs: 10)
        XCTAssertEqual((0..<7).map(step.rate), [1, 1, 1, 0.5, 0.5, 0.5, 0.25])
        let multi = LearningRateSchedule(.multiStep(milestones: [2, 5], gamma: 0.1), baseLR: 1, epochs: 10)
        XCTAssertEqual((0..<6).map { (multi.rate(epoch: $0) * 1000).rounded() / 1000 }, [1, 1, 0.1, 0.1, 0.1, 0.01])
        let cosine = LearningRateSchedule(.cosine(period: nil, floor: 0), baseLR: 1, epochs: 4)
        XCTAssertEqual(cosine.rate(epoch: 0), 1)
        XCTAssertEqual(cosine.rate(epoch: 2), 0.5, accuracy: 1e-12)
        XCTAssertEqual(cosine.rate(epoch: 4), 0, accuracy: 1e-12)
        let warm = LearningRateSchedule(.constant, warmupEpochs: 2, warmupStartFactor: 0.5, baseLR: 1, epochs: 10)
        XCTAssertEqual((0..<4).map(warm.rate), [0.5, 0.75, 1, 1])
    }

    private func parameter(_ name: String, _ values: [Float], grad: [Float]) throws -> Parameter {
        let store = try ParameterStore(
            layers: [Layer(name, LinearOp(outFeatures: values.count, inFeatures: 1, bias: false))], seed: 0)
        let p = store["\(name).weight"]!
        p.value.copy(from: values)
        try p.allocateGradient()
        p.grad.copy(from: grad)
        return p
    }

    func testGradientClippingScalesToTheMaximumNorm() throws {
        let a = try parameter("a", [0, 0], grad: [3, 0]), b = try parameter("b", [0, 0], grad: [0, 4])
        XCTAssertEqual(GradientClipping.clip([a, b], maxNorm: 1), 5, accuracy: 1e-9)
        XCTAssertEqual(a.grad.array[0], 3 / (5 + 1e-6), accuracy: 1e-6)
        XCTAssertEqual(b.grad.array[1], 4 / (5 + 1e-6), accuracy: 1e-6)
        let small = try parameter("c", [0], grad: [0.5])
        GradientClipping.clip([small], maxNorm: 1)
        XCTAssertEqual(small.grad.array, [0.5], "gradients under the norm are left alone")
    }

    func testTheGradientNormIsNaNOrInfiniteWhenAGradientIsAndDoesNotOverflowOnLargeFiniteGradients() throws {
        let a = try parameter("a", [0, 0], grad: [3, 0]), b = try parameter("b", [0, 0], grad: [0, 4])
        XCTAssertEqual(GradientClipping.norm([a, b]), 5, accuracy: 1e-12)
        XCTAssertTrue(GradientClipping.norm([a, try parameter("n", [0], grad: [.nan])]).isNaN)
        XCTAssertEqual(GradientClipping.norm([a, try parameter("i", [0], grad: [-.infinity])]), .infinity)
        XCTAssertEqual(
            GradientClipping.norm([try parameter("l", [0], grad: [3e20])]), Double(Float(3e20)), accuracy: 1e6,
            "a float sum of squares would overflow to infinity here")
    }

    func testLearningRateMultipliersScaleEachGroup() throws {
        let a = try parameter("a", [1], grad: [1]), b = try parameter("b", [1], grad: [1])
        b.lrMultiplier = 0.1
        try SGD(parameters: [a, b]).step(learningRate: 0.5)
        XCTAssertEqual(a.value.array, [0.5])
        XCTAssertEqual(b.value.array[0], 0.95, accuracy: 1e-7)
    }

    func testOptimizerStateSavesAndRestoresByName() throws {
        let a = try parameter("a", [1, 2], grad: [0.5, -0.5])
        let adam = Adam(parameters: [a])
        try adam.step(learningRate: 0.1)
        let saved = adam.stateTensors()
        XCTAssertEqual(Set(saved.map(\.name)), ["a.weight.step", "a.weight.exp_avg", "a.weight.exp_avg_sq"])
        let b = try parameter("a", a.value.array, grad: [0.5, -0.5])
        let restored = Adam(parameters: [b])
        try restored.loadState(saved)
        try adam.step(learningRate: 0.1)
        try restored.step(learningRate: 0.1)
        XCTAssertEqual(a.value.array, b.value.array, "a restored optimizer continues exactly")
        XCTAssertThrowsError(try restored.loadState([("z.weight.exp_avg", [0])])) { error in
            XCTAssertTrue("\(error)".contains("z.weight.exp_avg"))
        }
    }

    func testDevicesThisBuildLacksAreAClearError() throws {
        XCTAssertEqual(try Device.resolve(.cpu), .cpu)
        XCTAssertEqual(try Device.resolve(nil), .cpu, "the best available device")
        XCTAssertThrowsError(try Device.resolve(.cuda(index: 1))) { error in
            XCTAssertEqual(error as? EngineError, .deviceUnavailable("cuda:1", available: ["cpu"]))
            XCTAssertTrue("\(error)".contains("no CUDA backend"), "\(error)")
        }
    }
}
