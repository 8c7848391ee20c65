import TLConfig
import TLEngine
import TLGraph
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

/// A pipeline's optimizer and schedule settings become the engine's plain types, every closed set covered.
final class EngineSettingsTests: XCTestCase {
    private func pipeline(_ lines: String) throws -> Pipeline {
        let file = temporaryFolder("engine-settings") + "/p.yaml"
        try """
        version: 1
        name: s
        source: {model: seed-cnn, weights: random}
        dataset: {type: synthetic, classes: 10}
        head: []
        \(lines)
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return Pipeline(ConfigResolver.resolve(file: file, schema: PipelineValidator.standard.schema))
    }

    func testEveryDeviceNameBecomesTheEngineDeviceItAsksFor() throws {
        let cases: [(String, DeviceChoice, Device?)] = [
            ("cpu", .cpu, .cpu), ("auto", .auto, nil), ("cuda", .cuda(index: 0), .cuda(index: 0)),
            ("cuda:3", .cuda(index: 3), .cuda(index: 3)),
        ]
        for (name, choice, device) in cases {
            let parsed = try pipeline("device: \(name)").device
            XCTAssertEqual(parsed, choice, name)
            XCTAssertEqual(EngineSettings.device(parsed), device, name)
        }
        XCTAssertEqual(try pipeline("").device, .cpu, "the default")
        for wrong in ["gpu", "cuda:", "cuda:-1", "cuda:x", "CPU"] { XCTAssertNil(DeviceChoice(wrong), wrong) }
    }

    func testEverySchedulePipelinesNameBecomesItsDecay() throws {
        let cases: [(String, LearningRateSchedule.Decay)] = [
            ("{type: constant}", .constant),
            ("{type: step, step_size: 3, gamma: 0.5}", .step(every: 3, gamma: 0.5)),
            ("{type: multistep, milestones: [2, 5], gamma: 0.1}", .multiStep(milestones: [2, 5], gamma: 0.1)),
            ("{type: cosine, eta_min: 0.01}", .cosine(period: nil, floor: 0.01)),
            ("{type: cosine, t_max: 7}", .cosine(period: 7, floor: 0)),
        ]
        for type in ScheduleType.allCases {
            XCTAssertTrue(cases.contains { $0.0.hasPrefix("{type: \(type.rawValue)") }, "\(type) is covered")
        }
        for (yaml, decay) in cases {
            let schedule = EngineSettings.schedule(try pipeline("schedule: \(yaml)").schedule, baseLR: 0.1, epochs: 10)
            XCTAssertEqual(schedule.decay, decay, yaml)
            XCTAssertEqual(schedule.baseLR, 0.1)
        }
        let warm = EngineSettings.schedule(
            try pipeline("schedule: {type: constant, warmup_epochs: 2, warmup_start_factor: 0.5}").schedule,
            baseLR: 1, epochs: 10)
        XCTAssertEqual((0..<3).map(warm.rate), [0.5, 0.75, 1])
    }

    func testEveryOptimizerPipelinesNameBuildsItsUpdateRule() throws {
        for type in OptimizerType.allCases {
            let spec = try pipeline("optimizer: {type: \(type.rawValue), lr: 0.1}").optimizer
            XCTAssertEqual(spec.type, type)
            let optimizer = EngineSettings.optimizer(spec, parameters: [])
            XCTAssertEqual(optimizer is SGD, type == .sgd, type.rawValue)
            XCTAssertEqual(optimizer is Adam, type != .sgd, type.rawValue)
        }
    }

    func testMetricsAreTyped() throws {
        let train = try pipeline("train: {best_metric: val_accuracy, early_stopping: {metric: val_accuracy}}").train
        XCTAssertEqual(train.bestMetric, .valAccuracy)
        XCTAssertEqual(train.earlyStopping?.metric, .valAccuracy)
        XCTAssertNil(try pipeline("train: {best_metric: last}").train.bestMetric)
        XCTAssertNil(try pipeline("").train.bestMetric)
    }
}
