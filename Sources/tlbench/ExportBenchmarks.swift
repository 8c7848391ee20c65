import TLEngine
import TLGraph
import TLONNX

/// The ONNX export of resnet18 (224x224, 1000 classes) from weights in memory to the serialized model; the run
/// stops when the file is not within 1% of the weights' size.
enum ExportBenchmarks {
    static var all: [Benchmark] {
        [
            Benchmark(name: "export-onnx-resnet18", mode: "export", batch: 0, flopsPerRun: 0) {
                let zoo = ModelZoo.model(named: "resnet18")!
                let inference = ShapeInference.run(zoo.build(zoo.defaultClasses), input: zoo.defaultInput)
                let store = try ParameterStore(layers: inference.layers, seed: 0)
                let tensors = Dictionary(uniqueKeysWithValues: store.parameters.map { ($0.name, $0.value.array) })
                let weightBytes = store.parameters.filter { !$0.name.hasSuffix("num_batches_tracked") }.reduce(0) {
                    $0 + 4 * $1.count
                }
                return {
                    let bytes =
                        (try? ONNXExport.model(
                            layers: inference.layers, input: zoo.defaultInput, tensors: tensors,
                            options: ONNXExport.Options()))?.count ?? 0
                    precondition(
                        Double(bytes) <= Double(weightBytes) * 1.01,
                        "the ONNX file is \(bytes) bytes for \(weightBytes) bytes of weights")
                }
            }
        ]
    }
}
