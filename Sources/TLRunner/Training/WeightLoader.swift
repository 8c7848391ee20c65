import TLEngine
import TLGraph
import TLIO

/// What loading a weights file into a network did, tensor by tensor.
public struct LoadReport: Sendable, Equatable {
    /// Tensors copied into the network.
    public var applied: [String] = []
    /// Tensors the network needs that the file lacks (an error unless the layer is re-initialised).
    public var missing: [String] = []
    /// Tensors of layers that slicing removed (expected; not loaded).
    public var removed: [String] = []
    /// Tensors the file has that the network never had (listed; not loaded).
    public var unexpected: [String] = []
    /// Tensors whose shapes differ: name, the network's shape, the file's shape.
    public var shapeMismatched: [Mismatch] = []
    /// Tensors of layers created afresh (a new head, or layers a checkpoint predates when resuming with
    /// `initializeNewLayers`), kept at their initial values.
    public var reinitialised: [String] = []
    /// What `source.rename` did to the file's names before loading (nil when the pipeline has no rules).
    public var renaming: RenameSummary?
    /// Applied tensors stored without the network's trailing size-1 dimensions (timm's layer scale `gamma`, C, for
    /// torchvision's `layer_scale`, C×1×1): the same values in the same order.
    public var reshaped: [Mismatch] = []
    /// Tensors of auxiliary classifiers (never run) that the file lacks, as a state dict saved from torchvision's
    /// pre-trained GoogLeNet does (its builder drops them): they keep their initialisation.
    public var auxiliaryAbsent: [String] = []
    /// Position embeddings of a ViT resized to the network's input size (see `PositionEmbeddingResize`).
    public var interpolated: [Mismatch] = []
    /// Applied tensors holding NaN or infinite values (loaded only when the caller allows them).
    public var nonFinite: [NonFiniteCount] = []

    /// One tensor whose shape in the file differs from the network's.
    public struct Mismatch: Sendable, Equatable {
        public var name: String
        public var expected: [Int]
        public var got: [Int]
    }

    /// The lines a person reads after a load.
    public var lines: [String] {
        func list(_ names: [String]) -> String {
            names.count <= 6 ? names.joined(separator: ", ") : names.prefix(6).joined(separator: ", ") + ", …"
        }
        var out = [
            "weights: \(applied.count) applied, \(missing.count) missing, \(unexpected.count) unexpected, "
                + "\(shapeMismatched.count) shape-mismatched, \(removed.count) removed by the cut, \(reinitialised.count) re-initialised"
        ]
        out += renaming?.lines ?? []
        if !missing.isEmpty { out.append("  missing: " + list(missing)) }
        if !unexpected.isEmpty { out.append("  unexpected: " + list(unexpected)) }
        for mismatch in shapeMismatched.prefix(6) {
            out.append(
                "  shape mismatch: \(mismatch.name) is \(mismatch.expected) in the network, \(mismatch.got) in the file"
            )
        }
        if let first = reshaped.first {
            out.append(
                "  reshaped (\(reshaped.count), trailing size-1 dimensions added): \(first.name) is \(first.got) in the file, "
                    + "\(first.expected) in the network")
        }
        for resized in interpolated {
            out.append(
                "  interpolated (bicubic, class token kept): \(resized.name) is \(resized.got) in the file, "
                    + "\(resized.expected) for this input size")
        }
        if !reinitialised.isEmpty { out.append("  re-initialised (new layers): " + list(reinitialised)) }
        if !auxiliaryAbsent.isEmpty {
            out.append(
                "  not in the file (\(auxiliaryAbsent.count), auxiliary classifiers, never run): "
                    + list(auxiliaryAbsent))
        }
        for count in nonFinite.prefix(6) { out.append("  warning: NaN or infinite values in " + count.text) }
        if nonFinite.count > 6 {
            out.append("  warning: \(nonFinite.count - 6) more tensors with NaN or infinite values")
        }
        return out
    }
}

/// Loads stored tensors into a network's parameters by name, and says what it did.
public enum WeightLoader {
    /// Copies `tensors` into `store` for the layers of `graph`: every layer but the `fresh` ones (by default the new
    /// head, which keeps its fresh initialisation) must be complete and of the right shapes, unless
    /// `initializeMissing` lets a layer the file lacks keep its initialisation too (reported); tensors of removed
    /// layers are skipped. `renaming` (what `source.rename` did to the names) goes into the report. A tensor to apply
    /// that holds NaN or infinite values is an error naming every such tensor and its counts, unless `allowNonFinite`
    /// loads them (the report then lists them as warnings).
    public static func load(
        _ tensors: [StoredTensor], from file: String, into store: ParameterStore, graph: TransferGraph,
        renaming: RenameSummary? = nil, fresh freshLayers: Set<String>? = nil,
        initializeMissing: Bool = false, allowNonFinite: Bool = false
    ) throws -> LoadReport {
        var report = LoadReport()
        report.renaming = renaming
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let fresh = freshLayers ?? graph.headNames
        var wanted = Set<String>()
        let auxiliary = Set(
            graph.layers.filter { $0.op is AuxiliaryClassifierOp }.flatMap(\.flattened).map(\.name))
        for layer in graph.layers.flatMap(\.flattened) {
            for info in layer.ownParameters {
                wanted.insert(info.name)
                guard let tensor = byName[info.name] else {
                    if auxiliary.contains(layer.name) {
                        report.auxiliaryAbsent.append(info.name)
                    } else if fresh.contains(layer.name) || initializeMissing {
                        report.reinitialised.append(info.name)
                    } else {
                        report.missing.append(info.name)
                    }
                    continue
                }
                let resized = layer.op is PositionEmbeddingOp ? Self.resizedEmbedding(tensor, to: info.shape) : nil
                let mismatch = LoadReport.Mismatch(name: info.name, expected: info.shape, got: tensor.shape)
                if fresh.contains(layer.name) {
                    report.reinitialised.append(info.name)
                } else if resized == nil && tensor.shape != info.shape
                    && !(info.shape.isEmpty && tensor.elementCount == 1)
                    && !Self.lacksOnlyTrailingOnes(tensor.shape, of: info.shape)
                {
                    report.shapeMismatched.append(mismatch)
                } else {
                    let values = resized ?? tensor.floatValues
                    if let count = NonFiniteCount.of(values, name: info.name) { report.nonFinite.append(count) }
                    if resized != nil {
                        report.interpolated.append(mismatch)
                    } else if tensor.shape != info.shape, !info.shape.isEmpty {
                        report.reshaped.append(mismatch)
                    }
                    try store.set(info.name, values: values)
                    report.applied.append(info.name)
                }
            }
        }
        let removedLayers = graph.removed.map(LayerSelector.init)
        for tensor in tensors where !wanted.contains(tensor.name) {
            let layerName = String(tensor.name[..<(tensor.name.lastIndex(of: ".") ?? tensor.name.endIndex)])
            if removedLayers.contains(where: { $0.matches(layerName) }) {
                report.removed.append(tensor.name)
            } else {
                report.unexpected.append(tensor.name)
            }
        }
        guard report.missing.isEmpty && report.shapeMismatched.isEmpty else {
            let hint =
                RenameHint.suggest(missing: report.missing, unexpected: report.unexpected)
                ?? ZooLookalike.hint(fileNames: tensors.map(\.name), networkNames: wanted)
            throw WeightsFileError.doesNotFit(file: file, report: report.lines, hint: hint)
        }
        guard report.nonFinite.isEmpty || allowNonFinite else {
            throw RunError.nonFiniteWeights(file: file, tensors: report.nonFinite)
        }
        return report
    }

    /// A position embedding stored for another number of tokens (1×T×C, the same C) resized to `shape`; nil when the
    /// shapes agree or it cannot be resized.
    static func resizedEmbedding(_ tensor: StoredTensor, to shape: [Int]) -> [Float]? {
        guard tensor.shape != shape, tensor.shape.count == 3, shape.count == 3, tensor.shape[0] == 1, shape[0] == 1,
            tensor.shape[2] == shape[2]
        else { return nil }
        return PositionEmbeddingResize.resize(
            tensor.floatValues, channels: shape[2], stored: tensor.shape[1], wanted: shape[1])
    }

    /// True when `stored` is `expected` without some trailing size-1 dimensions (C for C×1×1).
    static func lacksOnlyTrailingOnes(_ stored: [Int], of expected: [Int]) -> Bool {
        !stored.isEmpty && stored.count < expected.count && expected.starts(with: stored)
            && expected.dropFirst(stored.count).allSatisfy { $0 == 1 }
    }
}
