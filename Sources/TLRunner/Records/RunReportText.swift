import Foundation
import TLGraph

/// `report.md`: a finished run for people: what ran, what trained, the results, per-class accuracy, pictures,
/// timings, and how to reproduce it.
enum RunReportText {
    static func markdown(summary: RunSummary, manifest: RunManifest, history: [EpochMetrics], graph: TransferGraph)
        -> String
    {
        func percent(_ value: Double) -> String { String(format: "%.2f%%", 100 * value) }
        func number(_ value: Double) -> String { String(format: "%.4f", value) }
        var out = "# \(summary.pipelineName) — run \(summary.runId)\n\n"
        if !summary.description.isEmpty { out += summary.description + "\n\n" }
        out +=
            "- pipeline: `\(manifest.pipelineFile)`"
            + (manifest.overrides.isEmpty
                ? "" : " with `" + manifest.overrides.map { "--set \($0)" }.joined(separator: " ") + "`") + "\n"
        if let git = manifest.git {
            out += "- git: `\(git.commit.prefix(12))`" + (git.dirty ? " (uncommitted changes)" : "") + "\n"
        }
        out += "- network: " + PipelineRunner.describe(graph) + "\n"
        out += "- trainable parameters: \(summary.trainableParameters) of \(summary.totalParameters)\n"
        out +=
            "- source weights: "
            + (manifest.sourceRun.map { "the run `\($0)`" }
                ?? (manifest.inputs.weights == nil ? "random" : "a weights file")) + "\n"
        out +=
            "- data: "
            + summary.images.sorted { $0.key > $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + " images; \(summary.classNames.count) classes\n"
        out += "- feature cache: " + summary.featureCacheNote + "\n"
        out +=
            "- epochs: \(summary.epochs)" + (summary.stoppedEarly ? " (stopped early)" : "")
            + (summary.bestEpoch.map { "; weights of epoch \($0) kept (best validation)" } ?? "") + "\n"
        out +=
            "- threads: \(manifest.threads); tlrun \(manifest.versions["tlrun"] ?? "?"), oneDNN \(manifest.versions["onednn"] ?? "?")\n\n"
        out += "## Results\n\n| split | images | loss | accuracy |\n|---|---|---|---|\n"
        for (name, result) in [
            ("train (last epoch)", summary.train), ("validation", summary.val), ("test", summary.test),
        ] {
            guard let result else { continue }
            out += "| \(name) | \(result.images) | \(number(result.loss)) | \(percent(result.accuracy)) |\n"
        }
        if let perClass = summary.test?.perClassAccuracy {
            out += "\n### Test accuracy per class\n\n| class | accuracy |\n|---|---|\n"
            for name in summary.classNames {
                out += "| \(name) | " + (perClass[name].map(percent) ?? "no images") + " |\n"
            }
        }
        out += "\n## Pictures\n\n![training curves](curves.svg)\n"
        if summary.test != nil { out += "\n![confusion matrix on the test split](confusion.svg)\n" }
        out +=
            "\n## Epochs\n\n| epoch | lr | train loss | train acc | val loss | val acc | seconds |\n|---|---|---|---|---|---|---|\n"
        for epoch in history {
            out +=
                "| \(epoch.epoch) | \(String(format: "%.3g", epoch.learningRate)) | \(number(epoch.trainLoss)) | \(percent(epoch.trainAccuracy)) | "
                + (epoch.validation.map { "\(number($0.loss)) | \(percent($0.accuracy))" } ?? "– | –")
                + " | \(String(format: "%.1f", epoch.seconds)) |\n"
        }
        out += "\n## Stages\n\n| stage | seconds | what it did |\n|---|---|---|\n"
        for stage in summary.stages {
            out += "| \(stage.stage) | \(String(format: "%.2f", stage.seconds)) | \(stage.detail) |\n"
        }
        out +=
            "\n## Reproduce\n\n```\ntlrun run \(manifest.pipelineFile)"
            + manifest.overrides.map { " --set \($0)" }.joined() + "\n```\n"
        return out
    }
}
