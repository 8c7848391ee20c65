import Foundation
import XCTest

@testable import TLEngine
@testable import TLGraph

/// An evaluation plan (activations placed in the arena by lifetime, BatchNorm folded) computes what a training plan's
/// evaluation forward computes, under every instruction-set cap: the layouts oneDNN picks, and so the reorders a plan
/// needs, change with the cap (`ONEDNN_MAX_CPU_ISA` is read once per process, so each cap runs this test again in a
/// child process).
final class EvaluationPlanTests: XCTestCase {
    private static let childVariable = "TLRUN_TEST_EVALUATION_PLAN_CHILD"

    /// ConvNeXt blocks, whose shortcut is reordered into the body's channels-last layout where the block's input
    /// arrives channel-blocked (under AVX2 it did, and that copy was overwritten by the body), and an inverted residual.
    func testEvaluationPlansComputeWhatTrainingPlansComputeUnderEveryCap() throws {
        guard ProcessInfo.processInfo.environment[Self.childVariable] == nil else {
            return try assertEvaluationPlansMatch()
        }
        for cap in ["SSE41", "AVX2", "AVX512_CORE"] {
            var environment = ProcessInfo.processInfo.environment
            environment["ONEDNN_MAX_CPU_ISA"] = cap
            environment[Self.childVariable] = "1"
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = [
                "TLEngineTests.EvaluationPlanTests/testEvaluationPlansComputeWhatTrainingPlansComputeUnderEveryCap"
            ]
            child.environment = environment
            let output = Pipe()
            child.standardOutput = output
            child.standardError = output
            try child.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            XCTAssertEqual(child.terminationStatus, 0, "under \(cap):\n\(text.suffix(3000))")
        }
    }

    private func assertEvaluationPlansMatch() throws {
        for channels in [8, 24, 96] {
            try assertEvaluationPlanMatches(
                [Make.conv("stem", channels, kernel: 1), ConvNeXt.block("block", channels: channels, dropImages: 0)],
                "convnext block of \(channels) channels")
        }
        try assertEvaluationPlanMatches(
            [
                Make.conv("stem", 16, kernel: 1),
                MobileNetV2.invertedResidual("block", input: 16, output: 16, stride: 1, expansion: 2),
            ], "inverted residual")
    }

    /// The logits (after pooling) of `layers` from an evaluation plan and from a training plan run in evaluation mode.
    private func assertEvaluationPlanMatches(_ layers: [Layer], _ what: String) throws {
        let all = layers + [Make.adaptiveAvgPool("pool", 1), Make.flatten()]
        let input = randomValues(4 * 3 * 16 * 16, seed: 2)
        var logits: [[Float]] = []
        for evaluationOnly in [true, false] {
            let resolved = ShapeInference.run(all, input: .image(3, 16, 16)).layers
            let frozen = evaluationOnly ? Set(resolved.flatMap(\.flattened).map(\.name)) : []
            let network = try CompiledNetwork(
                layers: resolved, input: .image(3, 16, 16), batchSize: 4,
                store: try ParameterStore(layers: [], seed: 0), frozen: frozen)
            network.input.buffer.copy(from: input)
            network.forward(training: false)
            logits.append(network.output.values)
        }
        for (a, b) in zip(logits[0], logits[1]) { XCTAssertEqual(a, b, accuracy: 1e-4, what) }
    }
}
