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
    /// The element type the file stores (`float32`, `float16`, `bfloat16`, `float64`, `int64`, `int32`), before conversion.
    public var storedType: String

    /// Creates a tensor; `values` must hold `shape`'s element count; `storedType` defaults to the values' own type.
    public init(name: String, shape: [Int], values: Values, storedType: String? = nil) {
        self.name = name
        self.shape = shape
        self.values = values
        if let storedType {
            self.storedType = storedType
        } else if case .int64 = values {
            self.storedType = "int64"
        } else {
            self.storedType = "float32"
        }
    }

    /// True when the file stores floating-point values.
    public var isFloatingPoint: Bool { storedType.hasPrefix("float") || storedType == "bfloat16" }

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
