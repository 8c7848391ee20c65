import CLAPACK

/// The features of a set of samples: `rows` samples of `columns` values each, row-major, as the measures read them.
public struct FeatureMatrix: Sendable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    public private(set) var values: [Float]

    /// Wraps `values` (rows × columns, row-major).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "a feature matrix needs rows × columns values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The Gram matrix F Fᵀ (rows × rows, every entry filled), the sample-by-sample dot products.
    public func sampleGram() -> [Double] {
        symmetricProduct(order: rows, transposed: false)
    }

    /// The matrix Fᵀ F (columns × columns, every entry filled), the feature-by-feature dot products.
    public func featureGram() -> [Double] {
        symmetricProduct(order: columns, transposed: true)
    }

    /// Appends the rows of `other` (an empty matrix takes `other`'s width).
    public mutating func append(_ other: FeatureMatrix) {
        if rows == 0 { columns = other.columns }
        precondition(other.columns == columns, "appended rows need the same columns")
        values.append(contentsOf: other.values)
        rows += other.rows
    }

    /// The rows at `indices`, in that order.
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var out = [Float]()
        out.reserveCapacity(indices.count * columns)
        for row in indices { out.append(contentsOf: values[row * columns..<(row + 1) * columns]) }
        return FeatureMatrix(rows: indices.count, columns: columns, values: out)
    }

    /// The mean of each column.
    public func columnMeans() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            for column in 0..<columns { sums[column] += Double(values[row * columns + column]) }
        }
        return sums.map { $0 / Double(max(rows, 1)) }
    }

    /// The columns' covariance matrix (columns × columns, divided by rows − 1).
    public func covariance() -> [Double] {
        let means = columnMeans()
        var centred = self
        for row in 0..<rows {
            for column in 0..<columns { centred.values[row * columns + column] -= Float(means[column]) }
        }
        return centred.featureGram().map { $0 / Double(max(rows - 1, 1)) }
    }

    /// A symmetric product through BLAS's rank-k update (single precision, summed by BLAS), widened to Double.
    private func symmetricProduct(order: Int, transposed: Bool) -> [Double] {
        var product = [Float](repeating: 0, count: order * order)
        if rows > 0 && columns > 0 {
            values.withUnsafeBufferPointer { features in
                product.withUnsafeMutableBufferPointer { out in
                    cblas_ssyrk(
                        CblasRowMajor, CblasUpper, transposed ? CblasTrans : CblasNoTrans, Int32(order),
                        Int32(transposed ? rows : columns), 1, features.baseAddress, Int32(columns), 0, out.baseAddress,
                        Int32(order))
                }
            }
        }
        var full = [Double](repeating: 0, count: order * order)
        for i in 0..<order {
            for j in i..<order {
                let value = Double(product[i * order + j])
                full[i * order + j] = value
                full[j * order + i] = value
            }
        }
        return full
    }
}
