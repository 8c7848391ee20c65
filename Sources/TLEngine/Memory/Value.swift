import CDNNL

/// An activation in a compiled plan: its logical shape (batch first), its physical layout (plain or one of
/// oneDNN's blocked layouts), its buffer and, when backward reaches it, its gradient in the same layout.
public final class Value {
    /// `[N, C, H, W]` or `[N, F]`.
    public let dims: [Int]
    /// The physical layout.
    let layout: dnnl_memory_desc_t
    public let buffer: FloatBuffer
    /// The gradient of the loss with respect to this value; nil when nothing upstream trains.
    public let grad: FloatBuffer?

    /// A new activation of a sequence of layers in `layout`; its storage (a place in the activation arena in an evaluation plan)
    /// and its gradient (when `needsGrad`, the plan's next gradient slot) come from `memory` (see `PlanMemory`), or
    /// are buffers of its own without `memory`.
    init(dims: [Int], layout: dnnl_memory_desc_t, needsGrad: Bool, memory: PlanMemory?) throws {
        var layout = layout
        let floats = (dnnl_memory_desc_get_size(&layout) + 3) / 4
        self.dims = dims
        self.layout = layout
        buffer = try memory?.activation(count: floats) ?? FloatBuffer(count: floats)
        grad = needsGrad ? try memory?.slotGradient(count: floats) ?? FloatBuffer(count: floats) : nil
    }

    /// A new plain (row-major) activation of a sequence of layers.
    convenience init(dims: [Int], needsGrad: Bool, memory: PlanMemory?) throws {
        try self.init(dims: dims, layout: try plainDescriptor(dims), needsGrad: needsGrad, memory: memory)
    }

    /// Existing storage seen with other dims and layout (flatten), or the same storage with its own gradient.
    init(dims: [Int], layout: dnnl_memory_desc_t, buffer: FloatBuffer, grad: FloatBuffer?) {
        self.dims = dims
        self.layout = layout
        self.buffer = buffer
        self.grad = grad
    }

    /// Logical elements in the value (the buffer may hold padding beyond them in a blocked layout).
    public var count: Int { dims.reduce(1, *) }

    /// The values of a plain value (the network input or output) in row-major order.
    public var values: [Float] { Array(UnsafeBufferPointer(start: buffer.pointer, count: count)) }

    /// True when backward writes this value's gradient.
    public var needsGrad: Bool { grad != nil }

    /// True when the layout is plain row-major.
    var isPlain: Bool {
        guard let plain = try? plainDescriptor(dims) else { return false }
        return sameLayout(layout, plain)
    }

    /// A oneDNN memory object over the values.
    func memory(_ context: DNNLContext) throws -> DNNLMemory {
        try DNNLMemory(layout, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
    }
}

/// True when two oneDNN memory descriptors describe the same layout.
func sameLayout(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
    var a = a, b = b
    return dnnl_memory_desc_equal(&a, &b) != 0
}
