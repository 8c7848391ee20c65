/// The rules that turn advise's measurements into a recommended case, cut and freeze policy. The thresholds are
/// calibrated on the shipped configurations (docs/advise.md) and stated in every reason they drive.
enum CaseRecommendation {
    /// The share of the target labels' entropy the source classifier must explain for the data to count as similar.
    static let similarExplained = 0.25
    /// Images per class from which fine-tuning everything is likely to pay on different data, and on similar data.
    static let fineTuneDifferent = 100.0
    static let fineTuneSimilar = 1000.0

    /// The best cut point: the highest cross-validated probe accuracy (its ties broken by the k-NN accuracy).
    static func bestCut(_ cuts: [Advice.Cut]) -> Advice.Cut? {
        cuts.filter { $0.probeAccuracy != nil }.max { a, b in
            (a.probeAccuracy!, a.knnAccuracy ?? 0) < (b.probeAccuracy!, b.knnAccuracy ?? 0)
        }
    }

    /// The recommendation for `advice`'s measurements.
    static func recommend(
        cuts: [Advice.Cut], sourceLabels: Advice.SourceLabels?, imagesPerClass: Double, classifier: String?
    )
        -> Advice.Recommendation
    {
        let best = bestCut(cuts) ?? cuts[cuts.count - 1]
        let explained = sourceLabels?.explainedLabelEntropy
        let similar = (explained ?? 0) >= similarExplained
        var reasons: [String] = []
        if let explained {
            reasons.append(
                String(
                    format:
                        "similarity: the source classifier's predictions explain %.0f%% of the target labels' entropy "
                        + "(similar from %.0f%%)", 100 * explained, 100 * similarExplained)
                    + (cuts.compactMap(\.shift).isEmpty
                        ? ""
                        : "; the features' relative Fréchet distance to the source data: "
                            + cuts.compactMap { cut in cut.shift.map { String(format: "%@ %.2f", cut.name, $0) } }
                            .joined(separator: ", ")))
        } else {
            reasons.append(
                "similarity: the source network has no classifier to compare the labels with, so the data is taken as different"
            )
        }
        let threshold = similar ? fineTuneSimilar : fineTuneDifferent
        let fineTuning = imagesPerClass >= threshold ? "likely" : imagesPerClass >= threshold / 4 ? "level" : "unlikely"
        reasons.append(
            String(
                format:
                    "data size: %.0f training images per class; fine-tuning every layer usually pays from about %.0f per class on %@ data",
                imagesPerClass, threshold, similar ? "similar" : "different"))
        let curve = cuts.map { cut in
            cut.probeAccuracy.map { String(format: "%@ %.3f", cut.name, $0) } ?? "\(cut.name) not scored"
        }
        reasons.append("probe accuracy over depth: " + curve.joined(separator: ", ") + "; best: \(best.name)")
        let large = fineTuning == "likely"
        let transferCase: Int
        if large {
            transferCase = similar ? 3 : 4
            reasons.append(
                "case \(transferCase): enough data to fine-tune every layer from the pre-trained weights; the best frozen cut "
                    + "(\(best.name)) is the fallback")
        } else if best.name == cuts.last?.name {
            transferCase = 1
            reasons.append(
                "case 1: the features just before the classifier score best, so freeze everything and train a new last layer"
            )
        } else {
            transferCase = 2
            let guide =
                similar
                ? " (the guide's case 1 for similar data would cut before the classifier, which scores "
                    + (cuts.last?.probeAccuracy.map { String(format: "%.3f", $0) } ?? "lower") + ")" : ""
            reasons.append(
                "case 2: the early features transfer best, so keep the layers up to \(best.name), freeze them and train a new head"
                    + guide)
        }
        return Advice.Recommendation(
            transferCase: transferCase, slice: large ? classifier.map { "before \($0)" } ?? best.name : best.name,
            freeze: large ? "none" : "all", bestFrozenCut: best.name, similar: similar, fineTuning: fineTuning,
            reasons: reasons)
    }
}
