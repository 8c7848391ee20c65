import Foundation
import TLData
import TLGraph
import TLLayerCatalog
import TLRunner
import TLTransforms

/// Whole pipelines through the runner.
enum RunnerBenchmarks {
    static let all = [case1Cache]

    /// Case 1 on 2,000 28x28 images for 10 epochs (batch 64, Adam): the frozen seed-cnn's features computed once,
    /// then only the new last layer trains. `batch` counts the images trained over the 10 epochs.
    static let case1Cache = Benchmark(name: "case1-cache", mode: "pipeline", batch: 20_000, flopsPerRun: 0) {
        let folder = NSTemporaryDirectory() + "tlbench-case1-" + UUID().uuidString
        TemporaryFolders.removeAtExit(folder)
        try writeIDX(images: 2000, to: folder)
        try """
        version: 1
        name: case1-bench
        seed: 0
        case: 1
        source: {model: seed-cnn, input: [1, 28, 28], classes: 10, weights: random}
        dataset: {type: idx, path: data, classes: 10}
        optimizer: {type: adam, lr: 0.001}
        train: {epochs: 10, batch_size: 64}
        """.write(toFile: folder + "/case1.yaml", atomically: true, encoding: .utf8)
        let validation = PipelineValidator.standard.validate(file: folder + "/case1.yaml")
        guard validation.isValid else { throw BenchmarkSetupError("the case 1 benchmark pipeline is invalid") }
        return {
            guard let trainer = try? Trainer(validation), (try? trainer.prepareFeatureCache())?.hasPrefix("on") == true,
                (try? trainer.train()) != nil
            else { fatalError("the case 1 benchmark failed") }
        }
    }

    /// Writes `images` random-pattern 28x28 images with labels 0-9 as IDX files (Fashion-MNIST's file names).
    static func writeIDX(images: Int, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        var random = SeededGenerator(seed: 3)
        func header(_ magic: UInt32, _ dims: [UInt32]) -> [UInt8] {
            ([magic] + dims).flatMap { value in (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
            }
        }
        let pixels = (0..<(images * 784)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let labels = (0..<images).map { UInt8($0 % 10) }
        try Data(header(0x0803, [UInt32(images), 28, 28]) + pixels).write(
            to: URL(fileURLWithPath: folder + "/data/train-images-idx3-ubyte"))
        try Data(header(0x0801, [UInt32(images)]) + labels).write(
            to: URL(fileURLWithPath: folder + "/data/train-labels-idx1-ubyte"))
    }
}

/// A benchmark that could not be set up.
struct BenchmarkSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
