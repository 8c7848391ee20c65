/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The candidates closest to `word` (at most `limit`), only those close enough to be a likely typo.
    public static func nearest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }
        let threshold = max(2, lowered.count / 3)
        return scored.filter { $0.1 <= threshold || $0.0.lowercased().hasPrefix(lowered) && !lowered.isEmpty }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit).map(\.0)
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
