import TLGraph

/// A head's features from a channels-last token map (T×C rows per image) into N×C: the class token's row, or the mean
/// of the other rows; backward spreads the gradient back (zero for the rows not read).
final class TokenPoolKernel: Kernel, SharedWork {
    let output: Value
    private let input: Value
    private let source: TokenPoolOp.Source
    private var forwardPass = true

    /// The features of `source` from `input` (a channels-last token map).
    init(_ source: TokenPoolOp.Source, input: Value, memory: PlanMemory) throws {
        self.source = source
        self.input = input
        output = try Value(dims: [input.dims[0], input.dims[1]], needsGrad: input.needsGrad, memory: memory)
    }

    func forward(training: Bool) {
        forwardPass = true
        ComputeThreads.share(self, slices: input.dims[0])
    }

    func backward() {
        guard input.grad != nil, output.grad != nil else { return }
        forwardPass = false
        ComputeThreads.share(self, slices: input.dims[0])
    }

    /// Slice `slice` is image `slice`.
    func run(slice: Int, of slices: Int, thread: Int) {
        let channels = input.dims[1], tokens = input.dims[3]
        let rows = slice * tokens * channels, features = slice * channels
        let scale = 1 / Float(tokens - 1)
        if forwardPass {
            let x = input.buffer.pointer + rows, y = output.buffer.pointer + features
            switch source {
            case .classToken:
                y.update(from: x, count: channels)
            case .patchMean:
                y.update(repeating: 0, count: channels)
                for token in 1..<tokens {
                    for c in 0..<channels { y[c] += x[token * channels + c] }
                }
                for c in 0..<channels { y[c] *= scale }
            }
        } else if let dx = input.grad.map({ $0.pointer + rows }), let dy = output.grad.map({ $0.pointer + features }) {
            switch source {
            case .classToken:
                dx.update(from: dy, count: channels)
                (dx + channels).update(repeating: 0, count: (tokens - 1) * channels)
            case .patchMean:
                dx.update(repeating: 0, count: channels)
                for token in 1..<tokens {
                    for c in 0..<channels { dx[token * channels + c] = dy[c] * scale }
                }
            }
        }
    }
}
