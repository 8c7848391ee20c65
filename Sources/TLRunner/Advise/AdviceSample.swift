import TLData
import TLEngine

/// The training images advise measures: at most `limit`, drawn evenly from every class in a seeded random order.
enum AdviceSample {
    /// `split` reduced to at most `limit` images, as equal per class as the classes allow, in class-interleaved order.
    static func draw(_ split: DatasetSplit, classes: Int, limit: Int, seed: Int) -> DatasetSplit {
        var random = SeededRandom(seed: UInt64(seed), stream: "advise.sample")
        var byClass = [[Sample]](repeating: [], count: classes)
        for sample in split.samples where sample.label < classes { byClass[sample.label].append(sample) }
        for label in byClass.indices { byClass[label].shuffle(using: &random) }
        var drawn: [Sample] = []
        var position = 0
        while drawn.count < limit && byClass.contains(where: { position < $0.count }) {
            for samples in byClass where position < samples.count && drawn.count < limit {
                drawn.append(samples[position])
            }
            position += 1
        }
        var sampled = split
        sampled.samples = drawn
        return sampled
    }
}
