/// An activation in a compiled plan: its shape (batch first), its buffer and, when backward reaches it, its gradient.
public final class Value {
    /// `[N, C, H, W]` or `[N, F]`.
    public let dims: [Int]
    public let buffer: FloatBuffer
    /// The gradient of the loss with respect to this value; nil when nothing upstream trains.
    public let grad: FloatBuffer?

    /// A new activation with its own storage (and gradient storage when `needsGrad`).
    init(dims: [Int], needsGrad: Bool) {
        self.dims = dims
        buffer = FloatBuffer(count: dims.reduce(1, *))
        grad = needsGrad ? FloatBuffer(count: dims.reduce(1, *)) : nil
    }

    /// A view of existing storage with other dims (flatten), or the same storage with its own gradient.
    init(dims: [Int], buffer: FloatBuffer, grad: FloatBuffer?) {
        precondition(dims.reduce(1, *) == buffer.count, "a view must keep the element count")
        self.dims = dims
        self.buffer = buffer
        self.grad = grad
    }

    /// Elements in the value.
    public var count: Int { buffer.count }

    /// True when backward writes this value's gradient.
    public var needsGrad: Bool { grad != nil }
}

/// One step of a compiled plan: a forward computation and, when something upstream trains, its backward.
protocol Kernel: AnyObject {
    /// The value this kernel produces.
    var output: Value { get }
    /// Computes `output` from the input (`training` selects dropout and batch statistics).
    func forward(training: Bool)
    /// Given `output.grad`, computes the input gradient (if the input needs one) and parameter gradients (if they train).
    func backward()
}
