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

    public var description: String {
        switch self {
        case .unknownCut(let name, let pipeline, let candidates):
            return "\(pipeline): '\(name)' names no place to cut the source network before its last layer (cut points: "
                + "\(candidates.joined(separator: ", ")); any layer name 'slice' accepts works too)"
        case .noCutPoints(let pipeline):
            return "\(pipeline): the source network has no cut point before its classifier (no conv, linear or residual layer to cut before)"
        case .tooFewImages(let pipeline, let images, let needed):
            return "\(pipeline): the training split has \(images) images; advise needs at least \(needed) (\(LinearProbe.folds) per class for "
                + "cross-validation)"
        case .noSourceNetwork(let pipeline):
            return "\(pipeline): the source network could not be built"
        }
    }
}
