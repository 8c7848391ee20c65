import TLGraph

/// Swin's additive attention bias for every window and head (windows × heads × T × T): the relative position bias
/// table's entry for each pair of tokens (`table[index[i·T + j]][head]`) plus the shifted windows' mask; backward sums
/// the bias's gradient over the windows into the table's rows.
final class RelativePositionBiasKernel: Kernel {
    let output: Value
    private let table: Value
    private let index: [Int32]
    private let mask: [Float]?
    private let heads: Int, windows: Int

    /// The bias of `partition`'s windows with `heads` heads from `table` (offsets × heads, with a gradient when it
    /// trains). Its storage is its own, not the plan's: the attention reads it several kernels later.
    init(table: Value, partition: WindowPartition, heads: Int) throws {
        self.table = table
        self.heads = heads
        windows = partition.windowCount
        index = partition.relativePositionIndex.map { Int32($0) }
        mask = partition.mask
        output = try Value(
            dims: [windows * heads, partition.tokens, partition.tokens], needsGrad: table.grad != nil, memory: nil)
    }

    private var pairs: Int { index.count }

    func forward(training: Bool) {
        let bias = output.buffer.pointer, values = table.buffer.pointer
        for window in 0..<windows {
            for head in 0..<heads {
                let plane = bias + (window * heads + head) * pairs
                for pair in 0..<pairs { plane[pair] = values[Int(index[pair]) * heads + head] }
                if let mask {
                    for pair in 0..<pairs { plane[pair] += mask[window * pairs + pair] }
                }
            }
        }
    }

    func backward() {
        guard let gradient = table.grad, let dBias = output.grad?.pointer else { return }
        var sums = [Double](repeating: 0, count: table.count)
        for window in 0..<windows {
            for head in 0..<heads {
                let plane = dBias + (window * heads + head) * pairs
                for pair in 0..<pairs { sums[Int(index[pair]) * heads + head] += Double(plane[pair]) }
            }
        }
        gradient.copy(from: sums.map { Float($0) })
    }
}
