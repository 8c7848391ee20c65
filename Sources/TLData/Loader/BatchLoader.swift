import TLTransforms

/// Streams a split as batches: a seeded shuffle per epoch, decoding and preprocessing on background threads a few
/// batches ahead, memory bounded by the prefetch depth (not by the data set).
public final class BatchLoader: @unchecked Sendable {
    /// The split being loaded.
    public let split: DatasetSplit
    /// What turns images into model input.
    public let preprocessing: Preprocessing
    /// Images per batch.
    public let batchSize: Int
    /// Training mode: shuffled each epoch and augmented.
    public let training: Bool
    /// `[channels, height, width]` of every image after preprocessing.
    public let imageShape: [Int]
    private let seed: UInt64
    private let workers: Int
    private let prefetch: Int
    private let dropLast: Bool
    private let reorder: (@Sendable ([Int]) -> [Int])?
    /// Images served per epoch (the split, or the part `reorder` keeps).
    public let servedCount: Int
    private var run: EpochRun?

    /// Creates a loader; checks that the first image preprocesses to a fixed shape. `reorder` maps each epoch's order
    /// to the positions served (a process's share in data-parallel training); it must keep the count the same every epoch.
    public init(
        split: DatasetSplit, preprocessing: Preprocessing, batchSize: Int, training: Bool, seed: Int,
        workers: Int = 2, prefetch: Int = 4, dropLast: Bool = false, reorder: (@Sendable ([Int]) -> [Int])? = nil
    ) throws {
        precondition(batchSize > 0, "batch size must be positive")
        self.split = split
        self.preprocessing = preprocessing
        self.batchSize = batchSize
        self.training = training
        self.seed = UInt64(bitPattern: Int64(seed))
        self.workers = workers
        self.prefetch = prefetch
        self.dropLast = dropLast
        self.reorder = reorder
        servedCount = reorder?(Array(split.samples.indices)).count ?? split.samples.count
        guard !split.samples.isEmpty else {
            throw DataError.emptySplit(name: split.name)
        }
        var random = SeededGenerator(seed: 0)
        let first = preprocessing.unnormalized(try split.image(at: 0), training: false, random: &random)
        imageShape = [first.channels, first.height, first.width]
    }

    deinit { run?.cancel() }

    /// Batches per epoch.
    public var batchCount: Int { dropLast ? servedCount / batchSize : (servedCount + batchSize - 1) / batchSize }

    /// The order of the split's samples in `epoch` (seeded shuffle when training, file order otherwise), as `reorder` maps it.
    public func order(epoch: Int) -> [Int] {
        var positions = Array(split.samples.indices)
        if training {
            var random = SeededGenerator(seed: seed, RandomStream.shuffle.rawValue, UInt64(epoch))
            positions = random.shuffled(positions)
        }
        return reorder?(positions) ?? positions
    }

    /// Starts producing `epoch`'s batches from batch `firstBatch` on (cancelling any epoch still running);
    /// a resumed epoch skips the batches it already trained on without decoding them.
    public func start(epoch: Int, firstBatch: Int = 0) {
        run?.cancel()
        let split = split, preprocessing = preprocessing, training = training, seed = seed, shape = imageShape
        run = EpochRun(
            order: order(epoch: epoch), batchSize: batchSize, dropLast: dropLast, firstBatch: firstBatch,
            workers: workers, prefetch: prefetch
        ) { index, positions in
            try Self.makeBatch(
                index: index, positions: positions, split: split, preprocessing: preprocessing,
                training: training, seed: seed, epoch: epoch, shape: shape)
        }
    }

    /// The next batch of the current epoch, nil at its end; throws a sample's decoding or shape error.
    public func nextBatch() throws -> Batch? {
        if run == nil { start(epoch: 0) }
        return try run!.next()
    }

    /// Decodes and preprocesses the images at `positions`; augmentation is seeded by (seed, epoch, position).
    static func makeBatch(
        index: Int, positions: ArraySlice<Int>, split: DatasetSplit, preprocessing: Preprocessing,
        training: Bool, seed: UInt64, epoch: Int, shape: [Int]
    ) throws -> Batch {
        let imageSize = shape.reduce(1, *)
        var images = [Float](repeating: 0, count: positions.count * imageSize)
        var labels: [Int32] = []
        labels.reserveCapacity(positions.count)
        try images.withUnsafeMutableBufferPointer { buffer in
            for (slot, position) in positions.enumerated() {
                let sample = split.samples[position]
                var random = SeededGenerator(seed: seed, RandomStream.augment.rawValue, UInt64(epoch), UInt64(position))
                let image = preprocessing.unnormalized(
                    try split.source.image(for: sample), training: training, random: &random)
                guard [image.channels, image.height, image.width] == shape else {
                    throw DataError.unevenImage(
                        path: sample.location, shape: [image.channels, image.height, image.width], batch: shape)
                }
                preprocessing.write(image, to: buffer.baseAddress! + slot * imageSize)
                labels.append(Int32(sample.label))
            }
        }
        return Batch(
            index: index, count: positions.count, shape: [positions.count] + shape, images: images, labels: labels)
    }
}
