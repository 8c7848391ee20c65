import Foundation
import TLData
import TLGraph

/// Feature caches kept for the runs that follow (a sweep's trials): runs whose frozen prefix, weights, data and
/// preprocessing are the same compute the features once. Identity is by value: the same source weights file (or random
/// weights with the same seed), the same cached layers, the same samples in every split, the same preprocessing and
/// batch size.
public final class SharedFeatureCaches: @unchecked Sendable {
    private var caches: [(key: String, cache: FeatureCache)] = []
    /// The most bytes kept; the oldest caches go first beyond it.
    private let limit: Int

    /// How many runs took their features from an earlier run.
    public private(set) var reuses = 0

    /// An empty set of caches that keeps at most `limit` bytes of features (by default an eighth of the machine's memory).
    public init(limit: Int = Int(ProcessInfo.processInfo.physicalMemory / 8)) {
        self.limit = limit
    }

    /// The cache under `key`, or the one `compute` makes (kept for the next run).
    func cache(key: String, compute: () throws -> FeatureCache) rethrows -> FeatureCache {
        if let kept = caches.first(where: { $0.key == key }) {
            reuses += 1
            return kept.cache
        }
        let cache = try compute()
        caches.append((key, cache))
        while caches.count > 1 && caches.reduce(0, { $0 + $1.cache.bytes }) > limit { caches.removeFirst() }
        return cache
    }

    /// What makes two runs' cached features equal.
    static func key(
        layers: [Layer], graph: TransferGraph, weights: String, index: DatasetIndex, preprocessing: Preprocessing,
        batchSize: Int
    ) -> String {
        let prefix = layers.flatMap(\.flattened).map {
            "\($0.name):\($0.op):\(String(describing: BatchNormMode.of($0, in: graph.batchNormModes)))"
        }
        let splits = index.splits.map { split in
            "\(split.name):" + split.samples.map { "\($0.location)#\($0.item)=\($0.label)" }.joined(separator: ",")
        }
        return ([weights, "\(graph.input)", "\(preprocessing)", "batch \(batchSize)"] + prefix + splits).joined(
            separator: "\n")
    }
}
