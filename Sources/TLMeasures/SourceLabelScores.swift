import Foundation

/// How much the source network's own classifier already says about the target labels, from its class probabilities
/// on target images: LEEP (Nguyen et al., ICML 2020), NCE (Tran et al., ICCV 2019), and the share of the labels'
/// entropy that the source's predicted class explains (1 − H(Y|Z)/H(Y), 0 for unrelated, 1 for a relabelling).
public struct SourceLabelScores: Sendable, Equatable {
    /// Log expected empirical prediction: the mean log-likelihood of the labels under the source classifier followed by
    /// the empirical source-to-target label map. At best 0; −H(Y) when the source says nothing about the labels.
    public let leep: Double
    /// Negative conditional entropy −H(Y|Z) of the labels given the source's predicted class Z.
    public let nce: Double
    /// 1 − H(Y|Z)/H(Y): the share of the labels' entropy the predicted source class explains.
    public let explainedLabelEntropy: Double

    /// The scores of `probabilities` (samples × source classes, rows summing to 1) against `labels` (in 0..<classes).
    public init(probabilities: [Double], sourceClasses z: Int, labels: [Int], classes c: Int) {
        let n = labels.count
        precondition(probabilities.count == n * z, "probabilities must be samples × source classes")
        var joint = [Double](repeating: 0, count: c * z)
        var hardJoint = [Double](repeating: 0, count: c * z)
        for (i, label) in labels.enumerated() {
            let row = probabilities[i * z..<(i + 1) * z]
            for (k, p) in row.enumerated() { joint[label * z + k] += p / Double(n) }
            let predicted = row.indices.max { row[$0] < row[$1] }! - i * z
            hardJoint[label * z + predicted] += 1 / Double(n)
        }
        let marginal = (0..<z).map { k in (0..<c).reduce(0) { $0 + joint[$1 * z + k] } }
        var leep = 0.0
        for (i, label) in labels.enumerated() {
            var likelihood = 0.0
            for k in 0..<z where marginal[k] > 0 {
                likelihood += joint[label * z + k] / marginal[k] * probabilities[i * z + k]
            }
            leep += log(max(likelihood, .leastNormalMagnitude))
        }
        self.leep = leep / Double(n)
        let hardMarginal = (0..<z).map { k in (0..<c).reduce(0) { $0 + hardJoint[$1 * z + k] } }
        var conditionalEntropy = 0.0
        for y in 0..<c {
            for k in 0..<z where hardJoint[y * z + k] > 0 {
                conditionalEntropy -= hardJoint[y * z + k] * log(hardJoint[y * z + k] / hardMarginal[k])
            }
        }
        nce = -conditionalEntropy
        let labelEntropy = (0..<c).reduce(0.0) { total, y in
            let p = Double(labels.lazy.filter { $0 == y }.count) / Double(n)
            return p > 0 ? total - p * log(p) : total
        }
        explainedLabelEntropy = labelEntropy > 0 ? 1 - conditionalEntropy / labelEntropy : 0
    }

    /// Softmax of each row of `logits` (samples × classes), in Double.
    public static func softmax(_ logits: [Float], classes: Int) -> [Double] {
        var out = [Double](repeating: 0, count: logits.count)
        for start in stride(from: 0, to: logits.count, by: classes) {
            let row = logits[start..<start + classes].map(Double.init)
            let top = row.max() ?? 0
            let exps = row.map { exp($0 - top) }
            let sum = exps.reduce(0, +)
            for (k, value) in exps.enumerated() { out[start + k] = value / sum }
        }
        return out
    }
}
