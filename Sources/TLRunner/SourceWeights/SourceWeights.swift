import TLConfig
import TLEngine
import TLGraph
import TLIO

/// Reads a pipeline's source weights file under the network's tensor names: the entry `source.key`, then `source.rename`.
public enum SourceWeights {
    /// The tensors of `path` renamed by `source.rename`, and what the rules did (nil when there are none).
    public static func read(_ source: SourceSpec, path: String) throws -> (
        tensors: [StoredTensor], renaming: RenameSummary?
    ) {
        let tensors = try WeightsFile.read(path: path, key: source.key)
        guard !source.rename.isEmpty else { return (tensors, nil) }
        let renamed = try TensorRenamer(source.rename, file: path).apply(to: tensors, file: path)
        return (renamed.tensors, renamed.renaming)
    }

    /// Reads `path` as `source` says and loads it into `store` for `graph`; the report includes what the rules did and
    /// the tensors with NaN or infinite values, which are refused unless `allowNonFinite`.
    public static func load(
        _ source: SourceSpec, path: String, into store: ParameterStore, graph: TransferGraph,
        allowNonFinite: Bool = false
    ) throws -> LoadReport {
        let (tensors, renaming) = try read(source, path: path)
        return try WeightLoader.load(
            tensors, from: path, into: store, graph: graph, renaming: renaming, allowNonFinite: allowNonFinite)
    }
}
