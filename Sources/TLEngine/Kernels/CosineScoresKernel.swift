import Foundation

/// Swin V2's scaled cosine attention, before the products: from the queries, keys and values laid out head by head
/// (3 × B × T × d, B = sequences × heads), the queries and keys each divided by its length (at least 1e-12, as
/// F.normalize), the queries also multiplied by their head's scale exp(min(logit_scale, ln 100)); the values copied.
/// `AttentionKernel` with scale 1 then gives the V2 scores. Backward hands back the gradients of the raw queries and
/// keys and the logit scale's (zero where the clamp holds), summed over the sequences in a fixed order.
final class CosineScoresKernel: Kernel, SharedWork {
    let output: Value
    private let input: Value
    private let logitScale: Parameter
    private let trainsScale: Bool
    private let heads: Int, tokens: Int, width: Int, rows: Int
    /// Each slice's sums of the scale's gradient per head (the slices are fixed, so the sum's order is).
    private let partialSums: UnsafeMutablePointer<Float>
    private var forwardPass = true
    private static let slices = 16
    private static let eps: Float = 1e-12
    private static let largestLogit = Float(log(100.0))

    /// The normalised queries and keys of `input` (dims [S, T, 3, heads, d], laid out 3 × S × heads × T × d).
    init(input: Value, heads: Int, logitScale: Parameter, trainsScale: Bool, memory: PlanMemory) throws {
        self.input = input
        self.heads = heads
        self.logitScale = logitScale
        self.trainsScale = trainsScale
        (tokens, width) = (input.dims[1], input.dims[4])
        rows = input.count / width / 3
        output = try Value(
            dims: input.dims, layout: input.layout, needsGrad: input.needsGrad || trainsScale, memory: memory)
        partialSums = .allocate(capacity: Self.slices * heads)
    }

    deinit { partialSums.deallocate() }

    /// The head's multiplier of the cosine similarities.
    private func scale(_ head: Int) -> Float { exp(min(logitScale.value.pointer[head], Self.largestLogit)) }

    func forward(training: Bool) {
        forwardPass = true
        ComputeThreads.share(self, slices: Self.slices)
    }

    func backward() {
        guard output.grad != nil else { return }
        forwardPass = false
        partialSums.update(repeating: 0, count: Self.slices * heads)
        ComputeThreads.share(self, slices: Self.slices)
        guard trainsScale else { return }
        let gradient = logitScale.grad.pointer
        for head in 0..<heads {
            var sum: Float = 0
            for slice in 0..<Self.slices { sum += partialSums[slice * heads + head] }
            gradient[head] = logitScale.value.pointer[head] < Self.largestLogit ? sum * scale(head) : 0
        }
    }

    /// A share of the rows of queries and keys (and of the values' copy).
    func run(slice: Int, of slices: Int, thread: Int) {
        let d = width, part = rows * d
        for row in Self.range(of: 2 * rows, slice: slice, slices: slices) {
            let isQuery = row < rows, head = (row % rows) / tokens % heads
            let multiplier = isQuery ? scale(head) : 1
            let x = input.buffer.pointer + row * d
            var squares: Float = 0
            for j in 0..<d { squares += x[j] * x[j] }
            let length = max(squares.squareRoot(), Self.eps)
            if forwardPass {
                let y = output.buffer.pointer + row * d
                for j in 0..<d { y[j] = x[j] / length * multiplier }
            } else if let dy = output.grad?.pointer.advanced(by: row * d) {
                // y = s·x̂: dx = s·(dy − x̂ (x̂·dy)) / length (dy alone where the length is clamped), d(s) = x̂·dy.
                var dot: Float = 0
                for j in 0..<d { dot += x[j] / length * dy[j] }
                if isQuery { partialSums[slice * heads + head] += dot }
                guard let dx = input.grad?.pointer.advanced(by: row * d) else { continue }
                let clamped = squares.squareRoot() < Self.eps
                for j in 0..<d {
                    dx[j] = multiplier * (clamped ? dy[j] : dy[j] - x[j] / length * dot) / length
                }
            }
        }
        let values = Self.range(of: part, slice: slice, slices: slices)
        if forwardPass {
            (output.buffer.pointer + 2 * part + values.lowerBound).update(
                from: input.buffer.pointer + 2 * part + values.lowerBound, count: values.count)
        } else if let dx = input.grad?.pointer, let dy = output.grad?.pointer {
            (dx + 2 * part + values.lowerBound).update(from: dy + 2 * part + values.lowerBound, count: values.count)
        }
    }
}
