/// A tensor as a weights file stores it: a name, a shape and its values (floats converted to Float32).
public struct StoredTensor: Sendable, Equatable {
    /// The values: floating-point tensors as Float32, integer tensors as Int64.
    public enum Values: Sendable, Equatable {
        case float32([Float])
        case int64([Int64])
    }

    public var name: String
    public var shape: [Int]
    public var values: Values

    /// Creates a tensor; `values` must hold `shape`'s element count.
    public init(name: String, shape: [Int], values: Values) {
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The values as Float32 (integer tensors converted), the form network parameters take.
    public var floatValues: [Float] {
        switch values {
        case .float32(let floats): return floats
        case .int64(let integers): return integers.map(Float.init)
        }
    }

    /// Elements implied by the shape (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}
