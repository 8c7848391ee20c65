/// What stops `advise`, with the names and numbers involved; `description` states the facts.
public enum AdviseError: Error, CustomStringConvertible, Equatable {
    /// A cut point asked for is not one of the source network's.
    case unknownCut(name: String, pipeline: String, candidates: [String])
    /// The source network has no place to cut before its classifier.
    case noCutPoints(pipeline: String)
    /// The training split has too few images to cross-validate.
    case tooFewImages(pipeline: String, images: Int, needed: Int)
    /// The source network could not be built from the pipeline.
    case noSourceNetwork(pipeline: String)
    /// The training split holds images of one class only, on which every cut scores perfectly.
    case oneClass(pipeline: String, className: String, cuts: [String])
    /// The features at `cut` hold NaN or infinite values (`finiteBefore`: the last cut scored before it, whose features
    /// were finite), in `images` of the `sampled` images, the first of which is `firstImage`.
    case nonFiniteFeatures(
        pipeline: String, cut: String, counts: String, images: Int, sampled: Int, firstImage: String,
        finiteBefore: String?)
    /// A measure could not be computed on one cut's features.
    case measureFailed(pipeline: String, cut: String, measure: String, problem: String)

    public var description: String {
        switch self {
        case .unknownCut(let name, let pipeline, let candidates):
            return "\(pipeline): '\(name)' names no place to cut the source network before its last layer (cut points: "
                + "\(candidates.joined(separator: ", ")); any layer name 'slice' accepts works too)"
        case .noCutPoints(let pipeline):
            return
                "\(pipeline): the source network has no cut point before its classifier (no conv, linear or residual layer to cut before)"
        case .tooFewImages(let pipeline, let images, let needed):
            return
                "\(pipeline): the training split has \(images) images; advise needs at least \(needed) (\(LinearProbe.folds) per class for "
                + "cross-validation)"
        case .noSourceNetwork(let pipeline):
            return "\(pipeline): the source network could not be built"
        case .oneClass(let pipeline, let className, let cuts):
            return
                "\(pipeline): the training split holds one class ('\(className)'), so every cut (\(cuts.joined(separator: ", "))) "
                + "would score 1.000 by predicting it, and the scores could not tell the cuts apart"
        case .nonFiniteFeatures(
            let pipeline, let cut, let counts, let images, let sampled, let firstImage, let finiteBefore):
            return
                "\(pipeline): the features at cut '\(cut)' hold \(counts) (in \(images) of \(sampled) images, first \(firstImage)), "
                + "so no measure of this cut means anything; "
                + (finiteBefore.map {
                    "the features at the cut before it, '\($0)', are finite, so the layers between make them"
                }
                    ?? "it is the first cut scored, so the source weights or the images make them")
        case .measureFailed(let pipeline, let cut, let measure, let problem):
            return "\(pipeline): \(measure) of cut '\(cut)' could not be computed: \(problem)"
        }
    }
}
