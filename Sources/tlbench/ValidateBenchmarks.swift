import TLGraph
import TLLayerCatalog

/// Benchmarks of `tlrun validate` in-process (no process start): the seed-cnn and resnet18 pipelines.
enum ValidateBenchmarks {
    /// The validate benchmarks for pipelines under `root` (the repository).
    static func all(root: String) -> [Benchmark] {
        [("validate-seed-cnn", "pipelines/case1.yaml"), ("validate-resnet18", "examples/resnet18-folder.yaml")].map {
            name, file in
            Benchmark(name: name, mode: "validate", batch: 0, flopsPerRun: 0) {
                {
                    let result = PipelineValidator.standard.validate(file: root + "/" + file, offline: true)
                    precondition(result.isValid, "\(file) must validate for the benchmark to mean anything")
                }
            }
        }
    }
}
