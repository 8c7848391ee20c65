import CDNNL

/// How one tensor of a sliced primitive is shared between the slices.
enum SliceRole {
    /// Cut along the first dimension: slice *i* reads or writes entries `i·s ..< (i+1)·s` of it (images of inputs,
    /// outputs and their gradients, or output channels of a reordered weight).
    case perSlice
    /// The same tensor for every slice (weights and bias in forward, weights in the input gradient).
    case whole
    /// Written by every slice and summed (weight and bias gradients): slice 0 writes the tensor itself, the others a
    /// partial copy each, added to it in slice order.
    case summed
}

/// One argument of a sliced primitive: oneDNN's argument number, the plan's buffer and how slices share it.
struct SliceArgument {
    let argument: Int32
    let buffer: FloatBuffer
    let role: SliceRole
}
