import CLAPACK

/// The eigenvalues and eigenvectors of a real symmetric matrix, from LAPACK's divide-and-conquer solver (dsyevd).
public struct SymmetricEigen: Sendable {
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// The eigenvectors: vector `k` is `vectors[k * order ..< (k + 1) * order]`.
    public let vectors: [Double]
    /// The matrix's order.
    public let order: Int

    /// Decomposes the symmetric `matrix` (order × order, both triangles filled); a matrix holding NaN or infinite
    /// values is refused before LAPACK sees it.
    public init(_ matrix: [Double], order: Int) throws {
        precondition(matrix.count == order * order, "a symmetric matrix of order n needs n × n values")
        let nonFinite = matrix.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        guard nonFinite == 0 else { throw MeasureError.nonFiniteMatrix(order: order, count: nonFinite) }
        var work = matrix
        var eigenvalues = [Double](repeating: 0, count: order)
        if order > 0 {
            // Column-major storage of a symmetric matrix is the matrix itself; dsyevd leaves eigenvector k in column k.
            let info = LAPACKE_dsyevd(
                LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(order),
                &work, Int32(order), &eigenvalues)
            guard info == 0 else { throw MeasureError.eigenSolverFailed(order: order, info: Int(info)) }
        }
        values = eigenvalues
        vectors = work
        self.order = order
    }

    /// The `k`th eigenvector.
    public func vector(_ k: Int) -> ArraySlice<Double> { vectors[k * order..<(k + 1) * order] }
}

/// Why a measure could not be computed.
public enum MeasureError: Error, Equatable, CustomStringConvertible {
    /// LAPACK's eigensolver did not converge (or was given a bad argument).
    case eigenSolverFailed(order: Int, info: Int)
    /// The matrix given to the eigensolver holds `count` NaN or infinite values.
    case nonFiniteMatrix(order: Int, count: Int)
    /// The measure needs at least `needed` samples.
    case tooFewSamples(needed: Int, got: Int)

    public var description: String {
        switch self {
        case .eigenSolverFailed(let order, let info):
            return "the symmetric eigensolver failed on a \(order)x\(order) matrix (LAPACK info \(info))"
        case .nonFiniteMatrix(let order, let count):
            return
                "the \(order)x\(order) matrix given to the symmetric eigensolver holds \(count) NaN or infinite values, "
                + "so the features it was computed from are not all finite numbers"
        case .tooFewSamples(let needed, let got):
            return "the measure needs at least \(needed) samples, got \(got)"
        }
    }
}
