import TLConfig
import TLTransforms

/// Draws a split from a pool by one rule (per_class, limit, fraction, last_per_class), stratified and seeded.
struct SplitDrawing {
    var classCount: Int
    var file: String

    /// The positions (into `pool`) the rule selects, in pool order; nil when the rule selects by `source` or not at all.
    func draw(_ rule: DatasetSpec.Split, from pool: [Sample], name: String, random: inout SeededGenerator) throws
        -> [Int]?
    {
        var byClass = [[Int]](repeating: [], count: classCount)
        for (position, sample) in pool.enumerated() { byClass[sample.label].append(position) }
        let counts: [Int]
        if let perClass = rule.perClass {
            counts = try byClass.enumerated().map {
                try enough($1.count, perClass, label: $0, split: name, key: "per_class")
            }
        } else if let lastPerClass = rule.lastPerClass {
            let counts = try byClass.enumerated().map {
                try enough($1.count, lastPerClass, label: $0, split: name, key: "last_per_class")
            }
            return zip(byClass, counts).flatMap { $0.suffix($1) }.sorted()
        } else if let fraction = rule.fraction {
            counts = byClass.map { Int((Double($0.count) * fraction).rounded()) }
        } else if let limit = rule.limit {
            guard limit <= pool.count else {
                throw DataError.splitLimit(path: file, split: name, limit: limit, available: pool.count)
            }
            counts = proportional(limit, byClass.map(\.count))
        } else {
            return nil
        }
        return zip(byClass, counts).flatMap { random.shuffled($0).prefix($1) }.sorted()
    }

    private func enough(_ available: Int, _ wanted: Int, label: Int, split: String, key: String) throws -> Int {
        guard available >= wanted else {
            throw DataError.splitPerClass(
                path: file, split: split, key: key, wanted: wanted, label: label, available: available)
        }
        return wanted
    }

    /// `total` split between classes in proportion to their sizes (largest remainders first, ties to lower labels).
    private func proportional(_ total: Int, _ sizes: [Int]) -> [Int] {
        let all = max(1, sizes.reduce(0, +))
        var counts = sizes.map { $0 * total / all }
        let remainders = sizes.enumerated().map { ($0, ($1 * total) % all) }.sorted {
            $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0
        }
        var left = total - counts.reduce(0, +)
        for (label, _) in remainders where left > 0 && counts[label] < sizes[label] {
            counts[label] += 1
            left -= 1
        }
        return counts
    }
}
