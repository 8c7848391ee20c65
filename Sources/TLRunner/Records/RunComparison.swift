import Foundation

/// What differs between two runs: settings of their resolved pipelines (by key path) and their results.
public struct RunComparison {
    /// One setting or metric with each run's value (nil where a run has none).
    public struct Difference: Sendable, Equatable {
        public var key: String
        public var first: String?
        public var second: String?
    }

    public var settings: [Difference]
    public var metrics: [Difference]

    /// Compares the runs in folders `first` and `second`; a run whose `run.json`, `pipeline.json` or `summary.json`
    /// cannot be read is refused (`RunError`), not shown as dashes.
    public init(_ first: String, _ second: String) throws {
        let settingsA = try Self.flattenedPipeline(first), settingsB = try Self.flattenedPipeline(second)
        let metricsA = try Self.metrics(first), metricsB = try Self.metrics(second)
        settings = Set(settingsA.keys).union(settingsB.keys).sorted().compactMap { key in
            settingsA[key] == settingsB[key] ? nil : Difference(key: key, first: settingsA[key], second: settingsB[key])
        }
        metrics = Self.metricOrder.compactMap { key in
            metricsA[key] == nil && metricsB[key] == nil
                ? nil : Difference(key: key, first: metricsA[key], second: metricsB[key])
        }
    }

    private static let metricOrder = [
        "status", "epochs", "test accuracy", "test loss", "val accuracy", "val loss", "train accuracy",
        "train loss", "trainable parameters", "feature cache", "seconds",
    ]

    private static func metrics(_ folder: String) throws -> [String: String] {
        var out = ["status": try RunManifest.read(folder: folder).status.rawValue]
        guard FileManager.default.fileExists(atPath: RunFileName.summary.path(in: folder)) else { return out }
        let summary = try RunSummary.read(folder: folder)
        func format(_ value: Double) -> String { String(format: "%.4f", value) }
        out["epochs"] = "\(summary.epochs)"
        for (name, result) in [("test", summary.test), ("val", summary.val), ("train", summary.train)] {
            guard let result else { continue }
            out["\(name) accuracy"] = format(result.accuracy)
            out["\(name) loss"] = format(result.loss)
        }
        out["trainable parameters"] = "\(summary.trainableParameters)"
        out["feature cache"] = summary.featureCache ? "on" : "off"
        out["seconds"] = String(format: "%.1f", summary.seconds)
        return out
    }

    /// `pipeline.json` of a run as `key.path[index]` → JSON text of each leaf.
    static func flattenedPipeline(_ folder: String) throws -> [String: String] {
        let path = RunFileName.pipeline.path(in: folder)
        guard let data = try RunFiles.contents(of: path), let root = try? JSONSerialization.jsonObject(with: data)
        else {
            throw RunError.unreadableRecord(path: path, reason: "missing or not JSON")
        }
        var out: [String: String] = [:]
        func visit(_ value: Any, _ key: String) {
            if let object = value as? [String: Any] {
                for (name, child) in object { visit(child, key.isEmpty ? name : key + "." + name) }
            } else if let array = value as? [Any], array.contains(where: { $0 is [String: Any] || $0 is [Any] }) {
                for (index, child) in array.enumerated() { visit(child, key + "[\(index)]") }
            } else if let text = try? JSONSerialization.data(
                withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
            {
                out[key] = String(decoding: text, as: UTF8.self)
            }
        }
        visit(root, "")
        return out
    }
}
