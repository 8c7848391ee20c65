/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The candidates closest to `word` (at most `limit`, all equally close), only those close enough to be a
    /// likely typo; failing that, candidates that start with `word`.
    public static func nearest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let lowered = word.lowercased()
        let threshold = max(2, lowered.count / 3)
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }.filter { $0.1 <= threshold }
        if let best = scored.map(\.1).min() {
            return scored.filter { $0.1 == best }.map(\.0).sorted().prefix(limit).map { $0 }
        }
        guard !lowered.isEmpty else { return [] }
        return candidates.filter { $0.lowercased().hasPrefix(lowered) }.sorted().prefix(limit).map { $0 }
    }

    /// A "did you mean ...?" sentence, or nil when nothing is close.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        let near = nearest(to: word, in: candidates)
        guard !near.isEmpty else { return nil }
        return "did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }

    /// Levenshtein distance between two strings (by Unicode scalars).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
