import Foundation
import TLGraph

/// The formula `Tests/Fixtures/make_fixtures.py` fills full-size networks with, computed the same way (float64
/// arithmetic in the same order, then rounded to float32), so that PyTorch's logits can be checked without
/// committing the weights.
enum FormulaWeights {
    /// The 32-bit FNV-1a hash of `text`'s UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt32 {
        text.utf8.reduce(0x811C_9DC5) { ($0 ^ UInt32($1)) &* 0x0100_0193 }
    }

    /// `count` numbers in [-1, 1) for the tensor `name`: element i is ((h + i · 2654435761) mod 2^32) / 2^31 − 1.
    static func uniform(_ name: String, count: Int) -> [Double] {
        let hash = fnv1a(name)
        return (0..<count).map { index in
            Double(hash &+ UInt32(truncatingIfNeeded: index) &* 2_654_435_761) / 2_147_483_648.0 - 1.0
        }
    }

    /// The value of tensor `name` of `shape` (see make_fixtures.py's `formula_tensor`).
    static func tensor(_ name: String, shape: [Int]) -> [Float] {
        let count = shape.reduce(1, *)
        let u = uniform(name, count: count)
        let leaf = name.split(separator: ".").last.map(String.init) ?? name
        let values: [Double]
        switch leaf {
        case "num_batches_tracked": values = [Double](repeating: 0, count: count)
        case "running_var": values = u.map { 1.0 + 0.5 * $0 }
        case "running_mean", "bias": values = u.map { 0.1 * $0 }
        default:
            if shape.count == 1 {
                values = name.hasSuffix("bn3.weight") ? u.map { 0.2 + 0.1 * $0 } : u.map { 1.0 + 0.25 * $0 }
            } else {
                let scale = (3.0 / Double(count / shape[0])).squareRoot()
                values = u.map { $0 * scale }
            }
        }
        return values.map { Float($0) }
    }
}
