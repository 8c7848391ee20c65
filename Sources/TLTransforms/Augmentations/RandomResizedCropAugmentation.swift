import Foundation
import TLConfig

/// `random_resized_crop`: a crop of random area and aspect resized to a fixed size (torchvision's RandomResizedCrop).
public struct RandomResizedCropAugmentation: ImageTransform {
    static let scaleKey = DefaultedKey(
        "scale", .array(.number(NumberRange(min: 0, minExclusive: true, max: 1)), minItems: 2, maxItems: 2),
        default: NumberPair(0.08, 1.0), doc: "Range of the crop's area fraction.")
    static let ratioKey = DefaultedKey(
        "ratio", .array(.number(.positive), minItems: 2, maxItems: 2), default: NumberPair(0.75, 1.3333333333333333),
        doc: "Range of the crop's aspect ratio.")
    public static let tag = "random_resized_crop"
    public static let schema = ObjectSchema(
        "Random area/aspect crop resized to a fixed size.", keys: [TransformKeys.size, scaleKey, ratioKey])

    /// The output height and width.
    let size: SizePair
    /// The range of the crop's area fraction.
    let scale: (Double, Double)
    /// The range of the crop's aspect ratio.
    let ratio: (Double, Double)

    public init(_ spec: OpSpec) {
        size = spec[TransformKeys.size] ?? SizePair(0)
        scale = spec[Self.scaleKey].tuple
        ratio = spec[Self.ratioKey].tuple
    }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) { flow.resize(to: size, at: spec) }

    public var isRandom: Bool { true }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        let (top, left, h, w) = Self.box(image, scale: scale, ratio: ratio, random: &random)
        return Resampling.resize(
            image.cropped(top: top, left: left, height: h, width: w), height: size.height, width: size.width)
    }

    /// torchvision's RandomResizedCrop box: ten tries at a random area and aspect, else the centre at a clamped aspect.
    static func box(
        _ image: FloatImage, scale: (Double, Double), ratio: (Double, Double),
        random: inout SeededGenerator
    ) -> (Int, Int, Int, Int) {
        let area = Double(image.width * image.height)
        for _ in 0..<10 {
            let target = area * random.uniform(scale.0, scale.1)
            let aspect = exp(random.uniform(log(ratio.0), log(ratio.1)))
            let w = Int((target * aspect).squareRoot().rounded()), h = Int((target / aspect).squareRoot().rounded())
            if w > 0, h > 0, w <= image.width, h <= image.height {
                return (random.below(image.height - h + 1), random.below(image.width - w + 1), h, w)
            }
        }
        let aspect = Double(image.width) / Double(image.height)
        var w = image.width, h = image.height
        if aspect < ratio.0 {
            h = Int((Double(w) / ratio.0).rounded())
        } else if aspect > ratio.1 {
            w = Int((Double(h) * ratio.1).rounded())
        }
        return ((image.height - h) / 2, (image.width - w) / 2, h, w)
    }
}
