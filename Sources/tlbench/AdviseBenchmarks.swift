import Foundation
import TLRunner

/// `tlrun advise` end to end (the forward pass and every score of every cut point), on random weights.
enum AdviseBenchmarks {
    static let all = [seedCNN, resnet18]

    /// seed-cnn's five cut points on 2,000 28x28 images (IDX files), as the shipped 2,000-image configuration measures.
    static let seedCNN = Benchmark(name: "advise-seed-cnn-2000", mode: "advise", batch: 2000, flopsPerRun: 0) {
        let folder = try pipelineFolder(
            """
            source: {model: seed-cnn, input: [1, 28, 28], classes: 10, weights: random}
            dataset: {type: idx, path: data, classes: 10}
            """)
        try RunnerBenchmarks.writeIDX(images: 2000, to: folder)
        return advise(folder)
    }

    /// resnet18's stage boundaries at 224x224 on 1,000 synthetic colour images.
    static let resnet18 = Benchmark(name: "advise-resnet18-224", mode: "advise", batch: 1000, flopsPerRun: 0) {
        advise(
            try pipelineFolder(
                """
                source: {model: resnet18, input: [3, 224, 224], classes: 10, weights: random}
                dataset: {type: synthetic, family: shapes, classes: 10, images: 1000, size: 224, channels: 3}
                """))
    }

    /// A folder holding `advise.yaml`: a case 1 pipeline with the given source and data set.
    private static func pipelineFolder(_ sourceAndData: String) throws -> String {
        let folder = NSTemporaryDirectory() + "tlbench-advise-" + UUID().uuidString
        TemporaryFolders.removeAtExit(folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
        version: 1
        name: advise-bench
        seed: 0
        case: 1
        \(sourceAndData)
        optimizer: {type: adam, lr: 0.001}
        train: {epochs: 15, batch_size: 64}
        """.write(toFile: folder + "/advise.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    /// The body that advises on the pipeline in `folder`.
    private static func advise(_ folder: String) -> () -> Void {
        let runner = PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in })
        return {
            do {
                _ = try Advisor(options: Advisor.Options(), runner: runner, log: { _ in }).advise(
                    file: folder + "/advise.yaml", overrides: [])
            } catch {
                fatalError("the advise benchmark failed: \(error)")
            }
        }
    }
}
