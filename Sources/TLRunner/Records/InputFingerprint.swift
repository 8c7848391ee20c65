import Foundation
import TLConfig
import TLData

/// Hashes of what a run consumes: the resolved pipeline, the source weights and the data index. Together they
/// make the run key under which a finished run's output is reused as another pipeline's source.
public struct InputFingerprint: Sendable, Equatable, Codable {
    /// The resolved pipeline (every default explicit), as canonical JSON.
    public var pipeline: String
    /// The source weights file (nil for random weights).
    public var weights: String?
    /// Every split's samples (location, item, label) and the size and modification time of each file they come from.
    public var data: String
    /// The tlrun version that ran it.
    public var version: String

    /// The key a finished run's output is cached under.
    public var runKey: String { Digest.hex([pipeline, weights ?? "random", data, version].joined(separator: "\n")) }

    /// Fingerprints a pipeline about to run: `weightsFile` is the file its source weights come from.
    public init(pipeline: Pipeline, index: DatasetIndex, weightsFile: String?) {
        self.pipeline = Self.pipelineDigest(pipeline.config)
        weights = weightsFile.flatMap(Digest.file)
        data = Self.dataDigest(index)
        version = TLRunVersion.text
    }

    /// The digest of a resolved pipeline (what `pipeline` holds, and what resume compares against). `train.threads` is
    /// left out: how many cores a run uses is not what it computes, so a sweep's trials run two at a time on one core
    /// each find the runs made on two cores, and a run resumes on another machine.
    public static func pipelineDigest(_ config: ResolvedConfig) -> String {
        let text = config.json(pretty: false)
        guard var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            var train = object["train"] as? [String: Any]
        else { return Digest.hex(text) }
        train["threads"] = nil
        object["train"] = train
        guard let kept = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return Digest.hex(text)
        }
        return Digest.hex(String(decoding: kept, as: UTF8.self))
    }

    private static func dataDigest(_ index: DatasetIndex) -> String {
        var text = "classes " + index.classNames.joined(separator: "\u{1F}") + "\n"
        var files = Set<String>()
        for split in index.splits {
            text += "split \(split.name) \(split.samples.count)\n"
            for sample in split.samples {
                text += "\(sample.location)\t\(sample.item)\t\(sample.label)\n"
                files.insert(String(sample.location.split(separator: "#", maxSplits: 1).first ?? ""))
            }
        }
        for file in files.sorted() {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            text += "file \(file) \(size) \(modified)\n"
        }
        return Digest.hex(text)
    }
}

/// This build's version.
public enum TLRunVersion {
    /// The version printed by `tlrun --version` and recorded in runs.
    public static let text = "0.5.0"
}
