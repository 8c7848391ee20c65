import CDNNL

/// A oneDNN element-wise function: its algorithm and parameters (the negative slope for ReLU, the bounds for clip).
/// An activation layer runs it as a kernel of its own, or, in evaluation plans, a convolution applies it to its result
/// as a post-op.
package struct EltwiseFunction: Sendable {
    let algorithm: dnnl_alg_kind_t
    let alpha: Float
    let beta: Float

    init(_ algorithm: dnnl_alg_kind_t, alpha: Float = 0, beta: Float = 0) {
        self.algorithm = algorithm
        self.alpha = alpha
        self.beta = beta
    }
}

/// What a oneDNN primitive does to its result before writing it (evaluation plans only: nothing computes these
/// steps' gradients): add what the destination already holds (a residual block's shortcut), then apply an
/// element-wise function.
struct PostOps {
    /// True when the result is added to the destination's contents instead of replacing them.
    var accumulate = false
    /// The function applied last, if any.
    var eltwise: EltwiseFunction?

    /// Adds the steps to `attributes` (nothing when there are none).
    func append(to attributes: dnnl_primitive_attr_t?) throws {
        guard accumulate || eltwise != nil else { return }
        var postOps: dnnl_post_ops_t?
        try dnnlCheck(dnnl_post_ops_create(&postOps), "post_ops_create")
        defer { dnnl_post_ops_destroy(postOps) }
        if accumulate { try dnnlCheck(dnnl_post_ops_append_sum(postOps, 1), "post_ops_append_sum") }
        if let f = eltwise {
            try dnnlCheck(
                dnnl_post_ops_append_eltwise(postOps, 1, f.algorithm, f.alpha, f.beta), "post_ops_append_eltwise")
        }
        try dnnlCheck(dnnl_primitive_attr_set_post_ops(attributes, postOps), "primitive_attr_set_post_ops")
    }
}
