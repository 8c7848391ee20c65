import Foundation

/// `on_error` and `max_bad_fraction`: fail on the first bad file, or leave bad files out up to a fraction.
struct BadDataPolicy {
    var skip: Bool
    var maxBadFraction: Double

    /// Throws the first problem (fail), or a summary when too many files are bad (skip).
    func enforce(_ bad: [DataError], goodCount: Int) throws {
        guard let first = bad.first else { return }
        guard skip else {
            throw DataError.badFiles(first: first, more: bad.count - 1)
        }
        if Double(bad.count) / Double(max(1, bad.count + goodCount)) > maxBadFraction {
            throw DataError.tooManyBadFiles(
                first: first, bad: bad.count, total: bad.count + goodCount, maxFraction: maxBadFraction)
        }
    }
}
