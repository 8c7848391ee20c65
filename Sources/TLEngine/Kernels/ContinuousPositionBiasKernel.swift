import Foundation

/// Swin V2's continuous relative position bias table (offsets × heads): 16·sigmoid of `cpb_mlp` (a linear layer from
/// the two log-spaced coordinates of each offset to 512 with its bias, ReLU, a linear layer to the heads without one)
/// of `relative_coords_table`. Backward takes the table's gradient through the sigmoid and the MLP into the MLP's
/// weights. The table is small (225 offsets for 8x8 windows), so this runs on one thread.
final class ContinuousPositionBiasKernel: Kernel {
    let output: Value
    private let coordinates: Parameter, hiddenWeight: Parameter, hiddenBias: Parameter, headWeight: Parameter
    private let trains: Bool
    private let offsets: Int, hidden: Int, heads: Int
    /// The MLP's hidden activations (offsets × hidden), kept for backward.
    private let activations: FloatBuffer

    /// The table from `coordinates` (offsets × 2) through the MLP's `hiddenWeight` (hidden × 2), `hiddenBias` and
    /// `headWeight` (heads × hidden).
    init(
        coordinates: Parameter, hiddenWeight: Parameter, hiddenBias: Parameter, headWeight: Parameter, trains: Bool
    ) throws {
        (self.coordinates, self.hiddenWeight, self.hiddenBias, self.headWeight) =
            (coordinates, hiddenWeight, hiddenBias, headWeight)
        self.trains = trains
        (offsets, hidden, heads) = (coordinates.count / 2, hiddenBias.count, headWeight.count / hiddenBias.count)
        activations = try FloatBuffer(count: offsets * hidden)
        output = try Value(dims: [offsets, heads], needsGrad: trains, memory: nil)
    }

    func forward(training: Bool) {
        let c = coordinates.value.pointer, w1 = hiddenWeight.value.pointer, b1 = hiddenBias.value.pointer
        let w2 = headWeight.value.pointer, a = activations.pointer, table = output.buffer.pointer
        for offset in 0..<offsets {
            let row = a + offset * hidden
            for j in 0..<hidden {
                row[j] = max(0, w1[2 * j] * c[2 * offset] + w1[2 * j + 1] * c[2 * offset + 1] + b1[j])
            }
            for head in 0..<heads {
                var z: Float = 0
                for j in 0..<hidden { z += w2[head * hidden + j] * row[j] }
                table[offset * heads + head] = 16 / (1 + exp(-z))
            }
        }
    }

    func backward() {
        guard trains, let dTable = output.grad?.pointer else { return }
        let c = coordinates.value.pointer, w2 = headWeight.value.pointer, a = activations.pointer
        let table = output.buffer.pointer
        // Sums in Double: the table's gradient is itself a sum of many cancelling terms.
        var dW1 = [Double](repeating: 0, count: hiddenWeight.count), dB1 = [Double](repeating: 0, count: hidden)
        var dW2 = [Double](repeating: 0, count: headWeight.count), dHidden = [Double](repeating: 0, count: hidden)
        for offset in 0..<offsets {
            let row = a + offset * hidden
            for j in 0..<hidden { dHidden[j] = 0 }
            for head in 0..<heads {
                // table = 16·σ(z): d z = d table · table · (1 − table/16).
                let value = Double(table[offset * heads + head])
                let dz = Double(dTable[offset * heads + head]) * value * (1 - value / 16)
                for j in 0..<hidden {
                    dW2[head * hidden + j] += dz * Double(row[j])
                    dHidden[j] += dz * Double(w2[head * hidden + j])
                }
            }
            for j in 0..<hidden where row[j] > 0 {
                dW1[2 * j] += dHidden[j] * Double(c[2 * offset])
                dW1[2 * j + 1] += dHidden[j] * Double(c[2 * offset + 1])
                dB1[j] += dHidden[j]
            }
        }
        hiddenWeight.grad.copy(from: dW1.map { Float($0) })
        hiddenBias.grad.copy(from: dB1.map { Float($0) })
        headWeight.grad.copy(from: dW2.map { Float($0) })
    }
}
