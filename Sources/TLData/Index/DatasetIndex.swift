import TLConfig
import TLTransforms

/// A data set read from its `DatasetSpec`: files checked once, classes selected and relabelled, splits drawn.
/// The same spec and seed always give the same splits in the same order.
public final class DatasetIndex: @unchecked Sendable {
    /// Names of the classes, by label.
    public let classNames: [String]
    /// The training split.
    public let train: DatasetSplit
    /// The validation split, if the spec asks for one.
    public let val: DatasetSplit?
    /// The test split, if the spec asks for one.
    public let test: DatasetSplit?
    /// Files left out under `on_error: skip`, each with its reason.
    public let skipped: [DataError]
    /// Files that are not images (by extension) and were ignored.
    public let ignoredFiles: Int

    /// Reads and splits the data set; `seed` makes draws and generated data reproducible.
    public init(spec: DatasetSpec, seed: Int) throws {
        let name = spec.path ?? "dataset (\(spec.type))"
        let random64 = UInt64(bitPattern: Int64(seed))
        let stored = try StoredDatasetReader.read(spec, seed: random64)
        let policy = BadDataPolicy(skip: spec.onError == "skip", maxBadFraction: spec.maxBadFraction)
        let goodCount =
            stored.train.samples.count + (stored.val?.samples.count ?? 0) + (stored.test?.samples.count ?? 0)
        try policy.enforce(stored.skipped, goodCount: goodCount)
        try Self.requireEveryClass(stored, file: name)
        var pool = stored.train.samples
        let own: [String: SamplePool] = ["val": stored.val, "test": stored.test].compactMapValues { $0 }
        let drawing = SplitDrawing(classCount: stored.classNames.count, file: name)
        var random = SeededGenerator(seed: random64, RandomStream.split.rawValue)
        var made: [String: DatasetSplit] = [:]
        for split in ["test", "val", "train"] {
            let rule = split == "test" ? spec.test : split == "val" ? spec.val : spec.train
            if rule == nil && split != "train" { continue }
            if let rule, let positions = try drawing.draw(rule, from: pool, name: split, random: &random) {
                let chosen = Set(positions)
                made[split] = DatasetSplit(
                    name: split, samples: positions.map { pool[$0] }, source: stored.train.source)
                pool = pool.enumerated().filter { !chosen.contains($0.offset) }.map(\.element)
                continue
            }
            let source = rule?.source ?? (split == "train" ? "train" : split)
            if source == "train" {
                made[split] = DatasetSplit(name: split, samples: pool, source: stored.train.source)
            } else if let pool = own[source] {
                made[split] = DatasetSplit(name: split, samples: pool.samples, source: pool.source)
            } else {
                throw DataError.missingSourceSplit(path: name, split: split, source: source)
            }
        }
        classNames = stored.classNames
        train = made["train"]!
        val = made["val"]
        test = made["test"]
        skipped = stored.skipped
        ignoredFiles = stored.ignoredFiles
        if train.samples.isEmpty {
            throw DataError.emptyTrainingSplit(path: name)
        }
    }

    /// Fails when a selected class has no training sample left (all its files bad and skipped, or none stored): the
    /// network would get an output for a class it never sees.
    private static func requireEveryClass(_ stored: StoredDataset, file: String) throws {
        var counts = [Int](repeating: 0, count: stored.classNames.count)
        for sample in stored.train.samples { counts[sample.label] += 1 }
        guard let empty = counts.firstIndex(of: 0) else { return }
        let name = stored.classNames[empty]
        let skipped = stored.skipped.count
        throw DataError.classWithoutImages(path: file, name: name, skipped: skipped)
    }

    /// The splits that exist, in the order train, val, test.
    public var splits: [DatasetSplit] { [train] + [val, test].compactMap { $0 } }
}
