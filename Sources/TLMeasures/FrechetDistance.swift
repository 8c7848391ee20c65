/// The Fréchet distance between Gaussians fitted to two sets of features (as FID does for Inception features):
/// ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½. `relative` divides it by tr Σ₁ + tr Σ₂, so that layers of
/// different widths and scales compare: 0 for the same distribution, 1 or more for far apart ones.
public struct FrechetDistance: Sendable, Equatable {
    /// The distance.
    public let distance: Double
    /// The distance over the two covariance traces.
    public let relative: Double

    /// The distance between `first` and `second` (the same columns, rows are samples; at least 2 each).
    public init(_ first: FeatureMatrix, _ second: FeatureMatrix) throws {
        precondition(first.columns == second.columns, "both feature sets need the same columns")
        guard first.rows >= 2, second.rows >= 2 else {
            throw MeasureError.tooFewSamples(needed: 2, got: min(first.rows, second.rows))
        }
        let d = first.columns
        let meanGap = zip(first.columnMeans(), second.columnMeans()).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let sigma1 = first.covariance(), sigma2 = second.covariance()
        let trace1 = (0..<d).reduce(0) { $0 + sigma1[$1 * d + $1] },
            trace2 = (0..<d).reduce(0) { $0 + sigma2[$1 * d + $1] }
        let root = try Self.squareRoot(sigma1, order: d)
        let inner = Self.product(Self.product(root, sigma2, order: d), root, order: d)
        let symmetric = (0..<d * d).map { (inner[$0] + inner[($0 % d) * d + $0 / d]) / 2 }
        let crossTrace = try SymmetricEigen(symmetric, order: d).values.reduce(0) { $0 + max($1, 0).squareRoot() }
        distance = max(meanGap + trace1 + trace2 - 2 * crossTrace, 0)
        relative = trace1 + trace2 > 0 ? distance / (trace1 + trace2) : 0
    }

    /// The symmetric square root of a positive semi-definite matrix (negative eigenvalues from rounding taken as 0).
    static func squareRoot(_ matrix: [Double], order d: Int) throws -> [Double] {
        let eigen = try SymmetricEigen(matrix, order: d)
        var out = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            let scale = max(eigen.values[k], 0).squareRoot()
            let v = Array(eigen.vector(k))
            for i in 0..<d where v[i] != 0 {
                for j in 0..<d { out[i * d + j] += scale * v[i] * v[j] }
            }
        }
        return out
    }

    /// The product of two d × d matrices.
    static func product(_ a: [Double], _ b: [Double], order d: Int) -> [Double] {
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for k in 0..<d where a[i * d + k] != 0 {
                let scale = a[i * d + k]
                for j in 0..<d { out[i * d + j] += scale * b[k * d + j] }
            }
        }
        return out
    }
}
