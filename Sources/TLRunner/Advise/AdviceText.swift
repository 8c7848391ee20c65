import Foundation
import TLGraph

/// `advise`'s results for a person (a table and the recommendation) and for machines (JSON).
public enum AdviceText {
    /// The table of cut points: depth, feature shape, head parameters, each score and the seconds it took.
    public static func table(_ advice: Advice) -> String {
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "-" }
        let rows = advice.cuts.map { cut -> [String] in
            let scored =
                cut.scoredTokens
                ? " (class token + patch mean)"
                : cut.scoredWidth == cut.featureShape.reduce(1, *) ? "" : " (pooled to \(cut.scoredWidth))"
            return [
                cut.name, "\(cut.depth)", cut.featureShape.map(String.init).joined(separator: "x") + scored,
                "\(cut.headParameters)",
                number(cut.knnAccuracy, "%.3f"), number(cut.logME, "%.3f"), number(cut.probeAccuracy, "%.3f"),
                number(cut.shift, "%.2f"),
                cut.skipped.map { "skipped: \($0)" } ?? String(format: "%.2f", cut.seconds),
            ]
        }
        return SummaryText.table(
            [["cut after", "depth", "features", "head params", "k-NN acc", "LogME", "probe acc", "shift", "seconds"]]
                + rows)
    }

    /// The whole report: what was measured, the table, the source classifier's scores and the recommendation.
    public static func report(_ advice: Advice) -> String {
        var text =
            "advise \(advice.pipeline): \(advice.model), \(advice.sampledImages) of \(advice.trainImages) training images, "
            + "\(advice.classes) classes (\(String(format: "%.0f", advice.imagesPerClass)) per class)"
            + (advice.sourceImages > 0 ? ", \(advice.sourceImages) source-data images" : "") + "\n\n"
        text += table(advice)
        text +=
            "\nk-NN acc: leave-one-out 5-nearest-neighbour accuracy (cosine); LogME: evidence per image (You et al. 2021; higher is better);\n"
            + "probe acc: cross-validated accuracy (5 folds; 3 above 1,000 images) of a linear head trained as the pipeline trains one; shift: relative Fréchet distance to the source data.\n"
        if let labels = advice.sourceLabels {
            text += String(
                format: "source classifier on the target: LEEP %.3f, NCE %.3f, explains %.0f%% of the label entropy\n",
                labels.leep, labels.nce, 100 * labels.explainedLabelEntropy)
        }
        let recommendation = advice.recommendation
        text +=
            "\nrecommended: case \(recommendation.transferCase): cut \(recommendation.slice), freeze \(recommendation.freeze)"
            + " (fine-tuning more layers: \(recommendation.fineTuning))\n"
        text += recommendation.reasons.map { "  - \($0)\n" }.joined()
        text += String(format: "measured in %.1f s (forward pass %.1f s)\n", advice.seconds, advice.forwardSeconds)
        return text
    }

    /// The advice as JSON (snake_case keys, sorted).
    public static func json(_ advice: Advice) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(advice), as: UTF8.self)
    }
}
