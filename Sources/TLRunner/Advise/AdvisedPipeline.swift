import Foundation
import TLConfig
import TLGraph

/// The pipeline `advise --write` writes: it extends the pipeline advised on, carries the `--set` overrides given, and
/// sets the recommended case, cut, freeze policy and head, with the measurements as comments.
public enum AdvisedPipeline {
    /// The keys the recommendation sets (overrides of these are replaced by it).
    static let recommendedKeys: Set<String> = ["case", "slice", "freeze", "head", "name"]

    /// The YAML text for `advice` of the pipeline `name`, written to `path`, given `overrides` as typed.
    public static func yaml(_ advice: Advice, name: String, overrides: [String], path: String, date: Date = Date())
        -> String
    {
        let recommendation = advice.recommendation
        var lines = [
            "# Written by 'tlrun advise \(advice.pipeline)' on \(ISO8601DateFormatter().string(from: date)).",
            "# Measured on \(advice.sampledImages) of \(advice.trainImages) training images (\(advice.classes) classes), frozen \(advice.model):",
        ]
        lines += AdviceText.table(advice).split(separator: "\n").map { "#   " + $0 }
        lines.append(
            "# Recommended: case \(recommendation.transferCase), cut \(recommendation.slice), freeze \(recommendation.freeze)."
        )
        lines += recommendation.reasons.map { "# - " + $0 }
        if recommendation.transferCase >= 3 {
            lines.append(
                "# The best frozen cut instead: --set slice=\(recommendation.bestFrozenCut) --set freeze=all "
                    + "--set 'head=\(headFlow(advice, cut: recommendation.bestFrozenCut))'")
        }
        lines += [
            "version: 1", "name: \(name)-advised", "extends: \(relativePath(from: path, to: advice.pipeline))",
            "description: \"Advised: case \(recommendation.transferCase), cut \(recommendation.slice), freeze \(recommendation.freeze)\"",
            "case: \(recommendation.transferCase)",
        ]
        if recommendation.transferCase >= 3, let classifier = advice.classifier {
            let head = ModelZoo.model(named: advice.model)?.caseHead ?? .linear(classifier)
            lines += ["slice: {before: \(head.classifier)}", "freeze: none", "head: \(head.flow)"]
        } else {
            lines += [
                "slice: \(recommendation.bestFrozenCut)", "freeze: all",
                "head: \(headFlow(advice, cut: recommendation.bestFrozenCut))",
            ]
        }
        lines += nested(
            overrides.compactMap { text in
                guard case .success(let override) = Override.parse(text) else { return nil }
                let keys = override.path.components.compactMap { component -> String? in
                    if case .key(let key) = component { return key }
                    return nil
                }
                guard keys.count == override.path.components.count, let first = keys.first,
                    !recommendedKeys.contains(first)
                else { return nil }
                return (keys, String(text[text.index(after: text.firstIndex(of: "=")!)...]))
            })
        return lines.joined(separator: "\n") + "\n"
    }

    /// A new head for the features at `cut`, in YAML flow style: flatten first when they are image-shaped, token
    /// pooling when they are a ViT's tokens.
    static func headFlow(_ advice: Advice, cut: String) -> String {
        let scored = advice.cuts.first { $0.name == cut }
        if scored?.scoredTokens == true { return CaseHead.tokenPooling.flow }
        let flat = scored.map { $0.featureShape.count <= 1 } ?? false
        return CaseHead.newLinear(flattening: !flat).flow
    }

    /// Overrides as nested YAML mappings (`dataset.train.per_class=400` becomes three indented lines).
    static func nested(_ entries: [(keys: [String], value: String)]) -> [String] {
        var lines: [String] = []
        var open: [String] = []
        for entry in entries.sorted(by: { $0.keys.lexicographicallyPrecedes($1.keys) }) {
            let shared = zip(open, entry.keys.dropLast()).prefix { $0 == $1 }.count
            open = Array(open.prefix(shared))
            for key in entry.keys.dropLast().dropFirst(shared) {
                lines.append(String(repeating: "  ", count: open.count) + key + ":")
                open.append(key)
            }
            lines.append(String(repeating: "  ", count: open.count) + entry.keys.last! + ": " + entry.value)
        }
        return lines
    }

    /// `target` relative to the folder of `file`.
    static func relativePath(from file: String, to target: String) -> String {
        let base = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().pathComponents
        let goal = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        let shared = zip(base, goal).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: base.count - shared) + goal.dropFirst(shared)).joined(separator: "/")
    }
}
