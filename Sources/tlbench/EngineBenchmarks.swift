import TLEngine
import TLGraph

/// Training steps and evaluation forwards of zoo networks on the compiled CPU plan.
enum EngineBenchmarks {
    /// The workloads `tlbench` compares with PyTorch (DESIGN.md's reference numbers).
    static let all: [Benchmark] =
        [
            step("seed-cnn-28", model: "seed-cnn", input: .image(1, 28, 28), batch: 64, train: true),
            step("seed-cnn-32", model: "seed-cnn", input: .image(3, 32, 32), batch: 64, train: true),
            step("resnet18-64", model: "resnet18", input: .image(3, 64, 64), batch: 32, train: true),
            step("resnet18-64", model: "resnet18", input: .image(3, 64, 64), batch: 32, train: false),
            step("resnet18-224", model: "resnet18", input: .image(3, 224, 224), batch: 16, train: true),
            step("resnet18-224", model: "resnet18", input: .image(3, 224, 224), batch: 16, train: false),
        ]
        + [
            "resnet50", "mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0", "convnext_tiny", "densenet121",
            "vit_b_16", "swin_t", "swin_v2_t",
        ]
        .flatMap { model in
            [true, false].map { step("\(model)-224", model: model, input: .image(3, 224, 224), batch: 16, train: $0) }
        }

    /// One SGD-with-momentum training step (forward, loss, backward, update) or one evaluation forward.
    static func step(_ name: String, model: String, input: TensorShape, batch: Int, train: Bool) -> Benchmark {
        let zoo = ModelZoo.model(named: model)!
        let (graph, _) = TransferGraph.zoo(zoo, input: input, classes: 10)
        let macs = Double(GraphSummary.totals(graph, batchSize: batch).macsPerImage * batch)
        return Benchmark(
            name: name, mode: train ? "train" : "eval", batch: batch, flopsPerRun: 2 * macs * (train ? 3 : 1)
        ) {
            let store = try ParameterStore(layers: [], seed: 1)
            let frozen = train ? Set<String>() : Set(graph.layers.flatMap(\.flattened).map(\.name))
            let network = try CompiledNetwork(
                layers: graph.layers, input: input, batchSize: batch, store: store, frozen: frozen, seed: 1)
            var random = SeededRandom(seed: 2)
            for i in 0..<network.input.count { network.input.buffer.pointer[i] = random.uniform(-1, 1) }
            for i in 0..<batch { network.labels[i] = Int32(i % 10) }
            guard train else { return { network.forward(training: false) } }
            let optimizer = SGD(parameters: network.trainableParameters, momentum: 0.9)
            return {
                network.forward(training: true)
                network.lossAndBackward()
                try optimizer.step(learningRate: 0.01)
            }
        }
    }
}
