/// k-nearest-neighbour accuracy of frozen features, by leave-one-out cross-validation with cosine similarity: each
/// sample is classified by the majority label of its `k` most similar other samples (a tie goes to the tied class
/// whose member ranks first), as in "k-NN as a simple and effective estimator of transferability" (2025).
public enum NearestNeighbours {
    /// The fraction of samples whose leave-one-out k-NN vote is their own label; `gram` is the samples' Gram matrix.
    public static func leaveOneOutAccuracy(gram: [Double], labels: [Int], classes: Int, k: Int) throws -> Double {
        let n = labels.count
        guard n > k, k > 0 else { throw MeasureError.tooFewSamples(needed: k + 1, got: n) }
        precondition(gram.count == n * n, "the Gram matrix must be samples × samples")
        let norms = (0..<n).map { gram[$0 * n + $0] > 0 ? gram[$0 * n + $0].squareRoot() : 1 }
        var correct = 0
        var similarity = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n { similarity[j] = gram[i * n + j] / (norms[i] * norms[j]) }
            similarity[i] = -.infinity
            let nearest = mostSimilar(similarity, count: k)
            var votes = [Int](repeating: 0, count: classes)
            for j in nearest { votes[labels[j]] += 1 }
            let most = votes.max() ?? 0
            let predicted = nearest.first { votes[labels[$0]] == most }.map { labels[$0] } ?? 0
            if predicted == labels[i] { correct += 1 }
        }
        return Double(correct) / Double(n)
    }

    /// The indices of the `count` largest values, largest first (equal values by index).
    static func mostSimilar(_ values: [Double], count: Int) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(count + 1)
        for index in values.indices {
            if best.count == count, let last = best.last, values[index] <= values[last] { continue }
            var position = best.count
            while position > 0 && values[best[position - 1]] < values[index] { position -= 1 }
            best.insert(index, at: position)
            if best.count > count { best.removeLast() }
        }
        return best
    }
}
