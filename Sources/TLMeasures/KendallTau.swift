/// Kendall's rank correlation τ-b between two scorings of the same items: +1 when they order every pair alike, −1 when
/// they order every pair oppositely; pairs tied in either scoring count as in scipy.stats.kendalltau.
public enum KendallTau {
    /// τ-b of `first` and `second` (equal lengths, at least 2 items); nil when either scoring ties every pair.
    public static func tauB(_ first: [Double], _ second: [Double]) -> Double? {
        precondition(first.count == second.count, "both scorings need the same items")
        var concordant = 0.0, discordant = 0.0, tiedFirst = 0.0, tiedSecond = 0.0
        for i in first.indices {
            for j in first.indices where j > i {
                let a = first[i] - first[j], b = second[i] - second[j]
                if a == 0 && b == 0 { continue }
                if a == 0 { tiedFirst += 1 } else if b == 0 { tiedSecond += 1 } else if (a > 0) == (b > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denominator = ((concordant + discordant + tiedFirst) * (concordant + discordant + tiedSecond)).squareRoot()
        return denominator > 0 ? (concordant - discordant) / denominator : nil
    }
}
