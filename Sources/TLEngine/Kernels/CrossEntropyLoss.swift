import Foundation

/// Softmax cross-entropy over logits N×C, mean over the batch, with optional label smoothing (as
/// `torch.nn.functional.cross_entropy`); writes the gradient of the mean loss into the logits' gradient.
final class CrossEntropyLoss {
    private let logits: Value
    private let labelSmoothing: Float
    private let probabilities: FloatBuffer
    /// The labels of the current batch (class indices).
    let labels: UnsafeMutablePointer<Int32>

    init(logits: Value, labelSmoothing: Double) throws {
        self.logits = logits
        self.labelSmoothing = Float(labelSmoothing)
        probabilities = try FloatBuffer(count: logits.count)
        labels = .allocate(capacity: logits.dims[0])
        labels.initialize(repeating: 0, count: logits.dims[0])
    }

    deinit { labels.deallocate() }

    private var batch: Int { logits.dims[0] }
    private var classes: Int { logits.dims[1] }

    /// The mean loss of the current logits and labels; keeps the softmax for `backward`.
    func forward() -> Double {
        var total = 0.0
        let smoothing = Double(labelSmoothing), k = Double(classes)
        for row in 0..<batch {
            let z = logits.buffer.pointer + row * classes, p = probabilities.pointer + row * classes
            var largest = z[0]
            for j in 1..<classes { largest = max(largest, z[j]) }
            var sum = 0.0
            for j in 0..<classes { sum += Double(expf(z[j] - largest)) }
            let logSum = Double(largest) + log(sum)
            var smoothTerm = 0.0
            for j in 0..<classes {
                let logProbability = Double(z[j]) - logSum
                p[j] = Float(exp(logProbability))
                smoothTerm -= logProbability
            }
            let target = Int(labels[row])
            total += (1 - smoothing) * -(Double(z[target]) - logSum) + smoothing / k * smoothTerm
        }
        return total / Double(batch)
    }

    /// d(mean loss)/d(logits) = (softmax − smoothed one-hot) / N.
    func backward() {
        guard let grad = logits.grad else { return }
        let scale = 1 / Float(batch), off = labelSmoothing / Float(classes)
        for row in 0..<batch {
            let p = probabilities.pointer + row * classes, g = grad.pointer + row * classes
            for j in 0..<classes { g[j] = (p[j] - off) * scale }
            g[Int(labels[row])] -= (1 - labelSmoothing) * scale
        }
    }
}

/// Counts of correct predictions, top-1 and top-k.
public enum Accuracy {
    /// How many rows of `logits` (N×C) have their label among the `k` highest scores (ties count against).
    public static func correct(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, batch: Int, classes: Int, k: Int = 1
    ) -> Int {
        var hits = 0
        for row in 0..<batch {
            let z = logits + row * classes, target = z[Int(labels[row])]
            var higher = 0
            for j in 0..<classes where z[j] > target || (z[j] == target && j < Int(labels[row])) { higher += 1 }
            if higher < k { hits += 1 }
        }
        return hits
    }
}
