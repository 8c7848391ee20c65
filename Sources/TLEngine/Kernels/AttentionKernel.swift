import CDNNL

/// Scaled dot-product attention of every head of every image at once, on oneDNN's batched matmul and softmax: from
/// the queries, keys and values laid out head by head (3 × B × T × d, B = images × heads, d the head's channels) to
/// the heads' results (B × T × d). Forward S = Q·Kᵀ/√d, P = softmax(S) over each row, O = P·V; backward computes P
/// again (so that no layer keeps its T×T probabilities between the passes) and then dV = Pᵀ·dO, dP = dO·Vᵀ,
/// dS = P ⊙ (dP − Σ_row P ⊙ dP) (on tlrun's threads: oneDNN 2.6's softmax backward is a reference implementation
/// below AVX-512), dQ = dS·K/√d, dK = dSᵀ·Q/√d. The transposes are strided views, not copies. With an additive bias
/// (Swin's relative position bias and mask, one T×T plane per window and head, repeating over the images), S gains
/// it before the softmax and the bias's gradient is dS summed over the images.
final class AttentionKernel: Kernel, SharedWork {
    let output: Value
    private let input: Value
    /// P (shared scratch, computed again in backward; the primitives hold only its address).
    private let probabilities: FloatBuffer
    private let scores: DNNLPrimitive
    private let softmax: DNNLPrimitive
    private let mix: DNNLPrimitive
    /// The backward pass's products before the softmax's gradient and after it (none without an input gradient).
    private let gradientsBefore: [DNNLPrimitive], gradientsAfter: [DNNLPrimitive]
    /// The gradients of P and of S (shared scratch); P's rows (images × heads × tokens) and their length.
    private let probabilityGrad: FloatBuffer?, scoreGrad: FloatBuffer?
    private let rowCount: Int, rowLength: Int
    /// The additive bias, if any, and what the shared work does now.
    private let bias: Value?
    private var phase = Phase.softmaxGradient

    /// The work `run(slice:of:thread:)` does.
    private enum Phase { case addBias, softmaxGradient, biasGradient }

    /// Attention over `input` (dims [N, T, 3, heads, d] laid out 3 × N × heads × T × d), with `heads` heads, its scores
    /// multiplied by `scale` (1/√d when nil) and offset by `bias` (plain, a whole number of T×T planes that N × heads
    /// is a multiple of) when given.
    init(
        input: Value, heads: Int, scale: Float? = nil, bias: Value? = nil, context: DNNLContext, memory: PlanMemory
    ) throws {
        self.input = input
        self.bias = bias
        let images = input.dims[0], tokens = input.dims[1], width = input.dims[4]
        let batch = images * heads, part = batch * tokens * width
        let rows = [batch, tokens, width], square = [batch, tokens, tokens]
        let plainRows = try plainDescriptor(rows), plainSquare = try plainDescriptor(square)
        let transposedRows = try stridedDescriptor([batch, width, tokens], strides: [tokens * width, 1, width])
        let transposedSquare = try stridedDescriptor(square, strides: [tokens * tokens, 1, tokens])
        let scale = PostOps(
            eltwise: EltwiseFunction(dnnl_eltwise_linear, alpha: scale ?? 1 / Float(width).squareRoot()))
        output = try memory.transientValue(
            dims: [images, heads, tokens, width], layout: try plainDescriptor([images, heads, tokens, width]),
            needsGrad: input.needsGrad, role: .attentionResult)
        (rowCount, rowLength) = (batch * tokens, tokens)
        probabilities = try memory.sharedScratch(.attentionProbabilities, count: batch * tokens * tokens)
        let probabilities = self.probabilities
        let q = input.buffer.pointer, k = q + part, v = k + part
        func memoryOf(_ desc: dnnl_memory_desc_t, _ pointer: UnsafeMutablePointer<Float>) throws -> DNNLMemory {
            try DNNLMemory(desc, pointer: UnsafeMutableRawPointer(pointer), context: context)
        }
        scores = try Self.product(
            plainRows, transposedRows, plainSquare, postOps: scale, context: context, memory: memory,
            bind: [
                try memoryOf(plainRows, q), try memoryOf(transposedRows, k),
                try memoryOf(plainSquare, probabilities.pointer),
            ])
        softmax = try Self.softmax(
            plainSquare, probabilities: try memoryOf(plainSquare, probabilities.pointer), context: context,
            memory: memory)
        mix = try Self.product(
            plainSquare, plainRows, plainRows, context: context, memory: memory,
            bind: [
                try memoryOf(plainSquare, probabilities.pointer), try memoryOf(plainRows, v),
                try memoryOf(plainRows, output.buffer.pointer),
            ])
        guard let inputGrad = input.grad?.pointer, let outputGrad = output.grad?.pointer else {
            (gradientsBefore, gradientsAfter, probabilityGrad, scoreGrad) = ([], [], nil, nil)
            return
        }
        let dq = inputGrad, dk = dq + part, dv = dk + part
        let probabilityGrad = try memory.sharedScratch(.attentionProbabilityGradient, count: batch * tokens * tokens)
        let scoreGrad = try memory.sharedScratch(.attentionScoreGradient, count: batch * tokens * tokens)
        (self.probabilityGrad, self.scoreGrad) = (probabilityGrad, scoreGrad)
        let valueGrad = try Self.product(
            transposedSquare, plainRows, plainRows, context: context, memory: memory,
            bind: [
                try memoryOf(transposedSquare, probabilities.pointer), try memoryOf(plainRows, outputGrad),
                try memoryOf(plainRows, dv),
            ])
        let mixGrad = try Self.product(
            plainRows, transposedRows, plainSquare, context: context, memory: memory,
            bind: [
                try memoryOf(plainRows, outputGrad), try memoryOf(transposedRows, v),
                try memoryOf(plainSquare, probabilityGrad.pointer),
            ])
        let queryGrad = try Self.product(
            plainSquare, plainRows, plainRows, postOps: scale, context: context, memory: memory,
            bind: [
                try memoryOf(plainSquare, scoreGrad.pointer), try memoryOf(plainRows, k), try memoryOf(plainRows, dq),
            ])
        let keyGrad = try Self.product(
            transposedSquare, plainRows, plainRows, postOps: scale, context: context, memory: memory,
            bind: [
                try memoryOf(transposedSquare, scoreGrad.pointer), try memoryOf(plainRows, q),
                try memoryOf(plainRows, dk),
            ])
        (gradientsBefore, gradientsAfter) = ([valueGrad, mixGrad], [queryGrad, keyGrad])
    }

    /// A batched matmul src · weights → dst in the given layouts, bound to `bind` (src, weights, dst).
    private static func product(
        _ src: dnnl_memory_desc_t, _ weights: dnnl_memory_desc_t, _ dst: dnnl_memory_desc_t,
        postOps: PostOps = PostOps(), context: DNNLContext, memory: PlanMemory, bind: [DNNLMemory]
    ) throws -> DNNLPrimitive {
        var src = src, weights = weights, dst = dst
        var desc = dnnl_matmul_desc_t()
        try dnnlCheck(dnnl_matmul_desc_init(&desc, &src, &weights, nil, &dst), "matmul_desc_init")
        let primitive = try DNNLPrimitive(&desc, postOps: postOps, context: context, memory: memory)
        primitive.bind([(DNNL_ARG_SRC, bind[0]), (DNNL_ARG_WEIGHTS, bind[1]), (DNNL_ARG_DST, bind[2])])
        return primitive
    }

    /// Softmax over the last axis of `layout`, in place on `probabilities` (its gradient is tlrun's own: the
    /// primitive is for inference).
    private static func softmax(
        _ layout: dnnl_memory_desc_t, probabilities: DNNLMemory, context: DNNLContext, memory: PlanMemory
    ) throws -> DNNLPrimitive {
        var data = layout
        var desc = dnnl_softmax_desc_t()
        try dnnlCheck(
            dnnl_softmax_forward_desc_init(&desc, dnnl_forward_inference, &data, data.ndims - 1),
            "softmax_forward_desc_init")
        let primitive = try DNNLPrimitive(&desc, context: context, memory: memory)
        primitive.bind([(DNNL_ARG_SRC, probabilities), (DNNL_ARG_DST, probabilities)])
        return primitive
    }

    func forward(training: Bool) {
        probabilitiesOfScores()
        mix.run()
    }

    func backward() {
        guard probabilityGrad != nil else { return }
        probabilitiesOfScores()
        for step in gradientsBefore { step.run() }
        share(.softmaxGradient)
        if bias?.grad != nil { share(.biasGradient) }
        for step in gradientsAfter { step.run() }
    }

    /// P from Q and K: the scaled products, the bias added, the softmax.
    private func probabilitiesOfScores() {
        scores.run()
        if bias != nil { share(.addBias) }
        softmax.run()
    }

    /// Runs `phase` on tlrun's threads.
    private func share(_ phase: Phase) {
        self.phase = phase
        ComputeThreads.share(self)
    }

    /// A share of the bias's addition to the scores, of the softmax's gradient (by rows), or of the bias's gradient
    /// (by bias elements, each summed over the images in order).
    func run(slice: Int, of slices: Int, thread: Int) {
        let n = rowLength
        switch phase {
        case .addBias:
            guard let b = bias?.buffer.pointer, let period = bias?.count else { return }
            let s = probabilities.pointer
            for row in Self.range(of: rowCount, slice: slice, slices: slices) {
                let start = row * n, offset = start % period
                for j in 0..<n { s[start + j] += b[offset + j] }
            }
        case .softmaxGradient:
            guard let dp = probabilityGrad?.pointer, let ds = scoreGrad?.pointer else { return }
            let p = probabilities.pointer
            for row in Self.range(of: rowCount, slice: slice, slices: slices) {
                let start = row * n
                var dot: Float = 0
                for j in start..<start + n { dot += p[j] * dp[j] }
                for j in start..<start + n { ds[j] = p[j] * (dp[j] - dot) }
            }
        case .biasGradient:
            guard let db = bias?.grad?.pointer, let period = bias?.count, let ds = scoreGrad?.pointer else { return }
            let elements = Self.range(of: period, slice: slice, slices: slices)
            for element in elements { db[element] = 0 }
            for copy in 0..<rowCount * n / period {
                let plane = ds + copy * period
                for element in elements { db[element] += plane[element] }
            }
        }
    }

    func forwardSteps() -> [PlanStep] {
        bias == nil ? [scores.step, softmax.step, mix.step] : [.whole(run: forward, uses: nil)]
    }
}

/// A oneDNN memory descriptor for a float tensor of `dims` whose elements lie `strides` apart (a transposed view).
func stridedDescriptor(_ dims: [Int], strides: [Int]) throws -> dnnl_memory_desc_t {
    var desc = dnnl_memory_desc_t()
    try dnnlCheck(
        dnnl_memory_desc_init_by_strides(
            &desc, Int32(dims.count), dims.map(Int64.init), dnnl_f32, strides.map(Int64.init)),
        "memory_desc_init_by_strides")
    return desc
}
