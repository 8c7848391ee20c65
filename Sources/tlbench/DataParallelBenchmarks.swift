import Dispatch
import Foundation
import TLDistributed
import TLEngine
import TLGraph
import TLRunner

/// `tlbench --data-parallel`: under `mpirun -np N`, the all-reduce of seed-cnn's and resnet18's gradients between the
/// processes, and data-parallel training steps (each process its share of the batch, the gradients summed in buckets
/// while the backward pass runs);
/// without `mpirun`, the same training steps in one process, to compare with. Rank 0 prints the results.
enum DataParallelBenchmarks {
    /// Gradient sizes all-reduced: every trainable parameter of seed-cnn (5 classes, 1x28x28) and of resnet18 (1000 classes).
    static let gradients = [("seed-cnn", 5), ("resnet18", 1000)].map { name, classes in
        (
            name,
            GraphSummary.totals(TransferGraph.zoo(ModelZoo.model(named: name)!, classes: classes).0, batchSize: 1)
                .trainableParameters
        )
    }
    /// The training workloads (name, zoo model, input, global batch).
    static let steps: [(String, String, TensorShape, Int)] = [
        ("seed-cnn-28", "seed-cnn", .image(1, 28, 28), 64), ("resnet18-64", "resnet18", .image(3, 64, 64), 32),
    ]

    /// Runs every measurement `runs` times after warm-up and prints the medians (rank 0 only).
    static func run(runs: Int) throws {
        let group = ProcessGroup.world
        var lines = ["| measurement | processes x threads | median ms | images/s |", "|---|---|---|---|"]
        let layout = "\(group.size) x \(ComputeThreads.current)"
        if group.isDistributed {
            for (name, count) in gradients {
                var values = [Float](repeating: 1, count: count)
                let median = try values.withUnsafeMutableBufferPointer { buffer in
                    try measure(runs: runs, group: group) { group.sumInPlace(buffer) }
                }
                lines.append(
                    String(
                        format: "| all-reduce %@ gradients (%.1f MB) | %@ | %.2f | |", name, Double(count * 4) / 1e6,
                        layout, median * 1000))
            }
        }
        for (name, model, input, batch) in steps {
            let (graph, _) = TransferGraph.zoo(ModelZoo.model(named: model)!, input: input, classes: 10)
            let local = batch / group.size
            let network = try CompiledNetwork(
                layers: graph.layers, input: input, batchSize: local, store: ParameterStore(layers: [], seed: 1),
                seed: 1)
            var random = SeededRandom(seed: UInt64(2 + group.rank))
            for i in 0..<network.input.count { network.input.buffer.pointer[i] = random.uniform(-1, 1) }
            for i in 0..<local { network.labels[i] = Int32(i % 10) }
            let optimizer = SGD(parameters: network.trainableParameters, momentum: 0.9)
            let buckets = GradientBuckets(plan: network, group: group)
            let median = try measure(runs: runs, group: group) {
                network.forward(training: true)
                _ =
                    group.isDistributed
                    ? buckets.lossAndBackward(network, local: local, global: batch) : network.lossAndBackward()
                try optimizer.step(learningRate: 0.01)
            }
            lines.append(
                String(
                    format: "| %@ training step, batch %d | %@ | %.1f | %.0f |", name, batch, layout, median * 1000,
                    Double(batch) / median))
        }
        if group.isLeader { print(lines.joined(separator: "\n")) }
    }

    /// The median seconds of `body` over `runs` runs after three warm-up runs, every process starting each run together.
    private static func measure(runs: Int, group: ProcessGroup, _ body: () throws -> Void) throws -> Double {
        for _ in 0..<3 { try body() }
        var seconds: [Double] = []
        for _ in 0..<runs {
            group.barrier()
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let slowest = group.maximum(seconds)
        return slowest.sorted()[slowest.count / 2]
    }
}
