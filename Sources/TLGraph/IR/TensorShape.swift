import TLFiles

/// The shape of one sample's tensor (the batch dimension N is symbolic and not stored).
public struct TensorShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var dims: [Int]

    /// Creates a shape from its per-sample dimensions.
    public init(_ dims: [Int]) { self.dims = dims }

    /// Channels × height × width.
    public static func image(_ c: Int, _ h: Int, _ w: Int) -> TensorShape { TensorShape([c, h, w]) }

    /// True for C×H×W tensors (N×C×H×W with the batch).
    public var isImage: Bool { dims.count == 3 }

    /// Elements per sample (`Int.max` when the product overflows; shape inference refuses such shapes).
    public var elementCount: Int { CheckedSize.saturatingProduct(dims) }

    /// The shape with the symbolic batch dimension, such as `N×64×56×56`.
    public var description: String { (["N"] + dims.map(String.init)).joined(separator: "×") }
}
