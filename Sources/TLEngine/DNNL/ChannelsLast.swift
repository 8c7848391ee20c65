import CDNNL

/// Values seen channels-last: an N×C×H×W value whose channels lie innermost (oneDNN's `nhwc`), read and written as
/// rows of C values, one row per position — the layout layer normalisation, pointwise linear layers and layer scale
/// work in. An N×F value is its own rows.
enum ChannelsLast {
    /// The channels-last layout of a value of `dims` (N×C×H×W, or N×F).
    static func layout(_ dims: [Int]) throws -> dnnl_memory_desc_t {
        guard dims.count == 4 else { return try plainDescriptor(dims) }
        var desc = dnnl_memory_desc_t()
        try dnnlCheck(
            dnnl_memory_desc_init_by_tag(&desc, 4, dims.map(Int64.init), dnnl_f32, dnnl_nhwc),
            "memory_desc_init_by_tag")
        return desc
    }

    /// `value` in the channels-last layout, and the reorder bringing it there (nil when it is there already).
    static func conform(_ value: Value, context: DNNLContext, memory: PlanMemory) throws -> (
        value: Value, adapter: ReorderKernel?
    ) {
        try ReorderKernel.conform(value, to: try layout(value.dims), context: context, memory: memory)
    }

    /// A channels-last value seen as plain rows: positions (N·H·W) × channels, sharing its storage and gradient.
    static func rows(_ value: Value) throws -> Value {
        let dims = [value.count / value.dims[1], value.dims[1]]
        return Value(dims: dims, layout: try plainDescriptor(dims), buffer: value.buffer, grad: value.grad)
    }

    /// Plain rows (positions × channels) seen as the channels-last value of `dims`, sharing their storage and gradient.
    static func image(_ rows: Value, dims: [Int]) throws -> Value {
        Value(dims: dims, layout: try layout(dims), buffer: rows.buffer, grad: rows.grad)
    }
}
