import Foundation

/// `on_error` and `max_bad_fraction`: fail on the first bad file, or leave bad files out up to a fraction.
struct BadDataPolicy {
    var skip: Bool
    var maxBadFraction: Double

    /// Throws the first problem (fail), or a summary when too many files are bad (skip).
    func enforce(_ bad: [DataError], goodCount: Int) throws {
        guard let first = bad.first else { return }
        guard skip else {
            let more = bad.count > 1 ? "; \(bad.count - 1) more bad file\(bad.count == 2 ? "" : "s") found" : ""
            throw DataError(file: first.file, problem: first.problem + more,
                            fix: first.fix + ", or set `on_error: skip` to leave bad files out")
        }
        let fraction = Double(bad.count) / Double(max(1, bad.count + goodCount))
        if fraction > maxBadFraction {
            throw DataError(file: first.file, problem: "\(bad.count) of \(bad.count + goodCount) files are bad (\(percent(fraction)), more than max_bad_fraction \(percent(maxBadFraction))); first: \(first.problem)",
                            fix: "repair the data, or raise `max_bad_fraction`")
        }
    }

    private func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }
}
