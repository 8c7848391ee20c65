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

    /// Adds the function to `attributes` as a post-op: applied to a primitive's result.
    func appendPostOp(to attributes: dnnl_primitive_attr_t?) throws {
        var postOps: dnnl_post_ops_t?
        try dnnlCheck(dnnl_post_ops_create(&postOps), "post_ops_create")
        defer { dnnl_post_ops_destroy(postOps) }
        try dnnlCheck(dnnl_post_ops_append_eltwise(postOps, 1, algorithm, alpha, beta), "post_ops_append_eltwise")
        try dnnlCheck(dnnl_primitive_attr_set_post_ops(attributes, postOps), "primitive_attr_set_post_ops")
    }
}
