import Foundation

/// LogME (You et al., "LogME: Practical Assessment of Pre-trained Models for Transfer Learning", ICML 2021): the
/// log marginal evidence per sample of a Bayesian linear model from the features to each one-hot label column, with
/// its prior precision α and noise precision β maximised by MacKay's fixed-point updates, averaged over classes.
/// Higher is better; it needs no training and one eigendecomposition of the smaller Gram matrix. Above `sampleLimit`
/// samples it is computed on an evenly spaced subset of that many (the eigendecomposition grows with the cube).
public enum LogME {
    /// The most samples the evidence is computed on.
    public static let sampleLimit = 1000
    /// The most fixed-point updates per class.
    static let iterations = 11
    /// The relative change of α/β at which the updates stop.
    static let tolerance = 1e-3

    /// The evidence of `features` for `labels` (each in 0..<classes).
    public static func score(_ features: FeatureMatrix, labels: [Int], classes: Int) throws -> Double {
        if features.rows > sampleLimit {
            let rows = (0..<sampleLimit).map { $0 * features.rows / sampleLimit }
            return try score(features.selecting(rows: rows), labels: rows.map { labels[$0] }, classes: classes)
        }
        let n = features.rows, d = features.columns
        guard n >= 2 else { throw MeasureError.tooFewSamples(needed: 2, got: n) }
        let (sigma, projections) = try spectrum(features, labels: labels, classes: classes)
        var total = 0.0
        for label in 0..<classes {
            let count = Double(labels.lazy.filter { $0 == label }.count)
            total += evidence(sigma: sigma, projected: projections[label], labelNorm: count, samples: n, dimensions: d)
        }
        return total / Double(classes)
    }

    /// The nonzero spectrum σ of FᵀF (the squared singular values of F) and, per class, the label column projected on
    /// the matching left singular vectors (uᵢᵀ y), from whichever of F Fᵀ and FᵀF is smaller.
    static func spectrum(_ features: FeatureMatrix, labels: [Int], classes: Int) throws -> (
        sigma: [Double], projections: [[Double]]
    ) {
        let n = features.rows, d = features.columns
        var projections = [[Double]](repeating: [], count: classes)
        if n <= d {
            let eigen = try SymmetricEigen(features.sampleGram(), order: n)
            for label in 0..<classes {
                projections[label] = (0..<n).map { k in
                    var sum = 0.0
                    for (i, value) in eigen.vector(k).enumerated() where labels[i] == label { sum += value }
                    return sum
                }
            }
            return (eigen.values.map { max($0, 0) }, projections)
        }
        let eigen = try SymmetricEigen(features.featureGram(), order: d)
        // Fᵀy per class, then uᵢᵀy = vᵢᵀFᵀy / √σᵢ (zero where σᵢ is zero: that direction holds no sample).
        var featureSums = [[Double]](repeating: [Double](repeating: 0, count: d), count: classes)
        for (row, label) in labels.enumerated() {
            for column in 0..<d { featureSums[label][column] += Double(features.values[row * d + column]) }
        }
        let largest = eigen.values.last ?? 0
        for label in 0..<classes {
            projections[label] = (0..<d).map { k in
                let sigma = eigen.values[k]
                guard sigma > largest * 1e-12, sigma > 0 else { return 0 }
                var dot = 0.0
                for (column, value) in eigen.vector(k).enumerated() { dot += value * featureSums[label][column] }
                return dot / sigma.squareRoot()
            }
        }
        return (eigen.values.map { max($0, 0) }, projections)
    }

    /// The maximised evidence per sample of one label column, given the spectrum and the column's projections;
    /// `labelNorm` is yᵀy, and directions beyond the spectrum (d > n) have σ = 0.
    static func evidence(sigma: [Double], projected x: [Double], labelNorm: Double, samples n: Int, dimensions d: Int)
        -> Double
    {
        let x2 = x.map { $0 * $0 }
        let outside = max(labelNorm - x2.reduce(0, +), 0)
        func terms(_ alpha: Double, _ beta: Double) -> (gamma: Double, m2: Double, residual: Double) {
            var gamma = 0.0, m2 = 0.0, residual = outside
            for (s, p) in zip(sigma, x2) {
                let denominator = alpha + beta * s
                gamma += beta * s / denominator
                m2 += beta * beta * s * p / (denominator * denominator)
                residual += p * (alpha / denominator) * (alpha / denominator)
            }
            return (gamma, m2, residual)
        }
        var alpha = 1.0, beta = 1.0
        for _ in 0..<iterations {
            let ratio = alpha / beta
            let (gamma, m2, residual) = terms(alpha, beta)
            alpha = gamma / (m2 + 1e-5)
            beta = (Double(n) - gamma) / (residual + 1e-5)
            if abs(alpha / beta - ratio) / ratio < tolerance { break }
        }
        let (_, m2, residual) = terms(alpha, beta)
        let logDeterminant =
            sigma.reduce(0) { $0 + log(alpha + beta * $1) } + Double(max(d - sigma.count, 0)) * log(alpha)
        let evidence =
            Double(d) / 2 * log(alpha) + Double(n) / 2 * log(beta) - 0.5 * logDeterminant
            - beta / 2 * residual - alpha / 2 * m2 - Double(n) / 2 * log(2 * Double.pi)
        return evidence / Double(n)
    }
}
