/// One split of a data set: its samples (fixed order) and what decodes them.
public struct DatasetSplit: Sendable {
    /// `train`, `val` or `test`.
    public var name: String
    /// The samples, in file order.
    public var samples: [Sample]
    /// Decodes the samples.
    public var source: any ImageSource

    /// Images per class, indexed by label.
    public func classCounts(classCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for sample in samples where sample.label < classCount { counts[sample.label] += 1 }
        return counts
    }

    /// The decoded image of the sample at `position`.
    public func image(at position: Int) throws -> Image { try source.image(for: samples[position]) }
}
