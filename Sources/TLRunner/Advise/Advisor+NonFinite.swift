import TLData
import TLGraph
import TLMeasures

extension Advisor {
    /// Refuses the first cut (in network order) whose features hold NaN or infinite values, naming the images and the
    /// last finite cut before it.
    static func refuseNonFinite(_ taps: FeatureTaps, cuts: [CutPoint], sample: DatasetSplit, file: String) throws {
        for (position, cut) in cuts.enumerated() {
            guard let bad = NonFiniteValues(taps.features[position]) else { continue }
            throw AdviseError.nonFiniteFeatures(
                pipeline: file, cut: cut.name, counts: bad.counts, images: bad.rows.count,
                sampled: sample.samples.count, firstImage: sample.samples[bad.rows[0]].location,
                finiteBefore: position > 0 ? cuts[position - 1].name : nil)
        }
    }
}
