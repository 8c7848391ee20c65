import TLGraph

/// Swin's additive attention bias for every window and head (windows × heads × T × T): the relative position bias
/// table's entry for each pair of tokens (`table[index[i·T + j]][head]`) plus the shifted windows' mask; backward sums
/// the bias's gradient over the windows into the table's rows.
final class RelativePositionBiasKernel: Kernel {
    let output: Value
    private let table: Parameter
    private let index: [Int32]
    private let mask: [Float]?
    private let trainsTable: Bool
    private let heads: Int, windows: Int

    /// The bias of `geometry`'s windows with `heads` heads from `table` (offsets × heads). Its storage is its own, not
    /// the plan's: the attention reads it several kernels later.
    init(table: Parameter, geometry: WindowPartition, heads: Int, trainsTable: Bool) throws {
        self.table = table
        self.heads = heads
        self.trainsTable = trainsTable
        windows = geometry.windowCount
        index = geometry.relativePositionIndex.map { Int32($0) }
        mask = geometry.mask
        output = try Value(
            dims: [windows * heads, geometry.tokens, geometry.tokens], needsGrad: trainsTable, memory: nil)
    }

    private var pairs: Int { index.count }

    func forward(training: Bool) {
        let bias = output.buffer.pointer, values = table.value.pointer
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
        guard trainsTable, let dBias = output.grad?.pointer else { return }
        let gradient = table.grad.pointer
        gradient.update(repeating: 0, count: table.count)
        for window in 0..<windows {
            for head in 0..<heads {
                let plane = dBias + (window * heads + head) * pairs
                for pair in 0..<pairs { gradient[Int(index[pair]) * heads + head] += plane[pair] }
            }
        }
    }
}
