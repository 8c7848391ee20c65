import Foundation
import TLConfig

/// One transform or augmentation from the dataset section, ready to apply.
enum TransformStep {
    case pad(Int)
    case resize(height: Int, width: Int)
    case centerCrop(height: Int, width: Int)
    case channels(Int)
    case randomCrop(height: Int, width: Int, padding: Int)
    case randomResizedCrop(height: Int, width: Int, scale: (Double, Double), ratio: (Double, Double))
    case hflip(probability: Double)
    case rotate(degrees: Double)
    case colorJitter(brightness: Double, contrast: Double)

    /// The step an op describes; nil for `normalize` (applied last) and unknown ops.
    init?(_ op: OpSpec) {
        func pair(_ key: String) -> (Double, Double)? {
            guard let items = op.node[key]?.items, items.count == 2, let a = items[0].double, let b = items[1].double else { return nil }
            return (a, b)
        }
        let size = op.pair("size") ?? (0, 0)
        switch op.op {
        case "pad": self = .pad(op.int("padding", 0))
        case "resize": self = .resize(height: size.0, width: size.1)
        case "center_crop": self = .centerCrop(height: size.0, width: size.1)
        case "grayscale": self = .channels(op.int("channels", 1))
        case "rgb": self = .channels(3)
        case "random_crop": self = .randomCrop(height: size.0, width: size.1, padding: op.int("padding", 0))
        case "random_resized_crop":
            self = .randomResizedCrop(height: size.0, width: size.1, scale: pair("scale") ?? (0.08, 1), ratio: pair("ratio") ?? (3.0 / 4, 4.0 / 3))
        case "hflip": self = .hflip(probability: op.double("p", 0.5))
        case "rotate": self = .rotate(degrees: op.double("degrees", 0))
        case "color_jitter": self = .colorJitter(brightness: op.double("brightness", 0), contrast: op.double("contrast", 0))
        default: return nil
        }
    }

    /// The image after this step; random steps draw from `random`.
    func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        switch self {
        case .pad(let padding):
            return image.cropped(top: -padding, left: -padding, height: image.height + 2 * padding, width: image.width + 2 * padding)
        case .resize(let height, let width):
            return Resampling.resize(image, height: height, width: width)
        case .centerCrop(let height, let width):
            return image.cropped(top: Int((Double(image.height - height) / 2).rounded()), left: Int((Double(image.width - width) / 2).rounded()),
                                 height: height, width: width)
        case .channels(let count):
            return image.converted(toChannels: count)
        case .randomCrop(let height, let width, let padding):
            let top = random.below(max(1, image.height + 2 * padding - height + 1)) - padding
            let left = random.below(max(1, image.width + 2 * padding - width + 1)) - padding
            return image.cropped(top: top, left: left, height: height, width: width)
        case .randomResizedCrop(let height, let width, let scale, let ratio):
            let (top, left, h, w) = Self.resizedCropBox(image, scale: scale, ratio: ratio, random: &random)
            return Resampling.resize(image.cropped(top: top, left: left, height: h, width: w), height: height, width: width)
        case .hflip(let probability):
            return random.uniform(0, 1) < probability ? image.flippedHorizontally() : image
        case .rotate(let degrees):
            return Resampling.rotate(image, degrees: random.uniform(-degrees, degrees))
        case .colorJitter(let brightness, let contrast):
            let brightnessFactor = Float(random.uniform(1 - brightness, 1 + brightness))
            let contrastFactor = Float(random.uniform(1 - contrast, 1 + contrast))
            let gray = image.converted(toChannels: 1).values
            let mean = gray.reduce(0, +) / Float(max(1, gray.count)) * brightnessFactor
            var out = image
            for i in out.values.indices {
                let bright = min(1, max(0, out.values[i] * brightnessFactor))
                out.values[i] = min(1, max(0, (bright - mean) * contrastFactor + mean))
            }
            return out
        }
    }

    /// torchvision's RandomResizedCrop box: ten tries at a random area and aspect, else the centre at a clamped aspect.
    private static func resizedCropBox(_ image: FloatImage, scale: (Double, Double), ratio: (Double, Double),
                                       random: inout SeededGenerator) -> (Int, Int, Int, Int) {
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
        if aspect < ratio.0 { h = Int((Double(w) / ratio.0).rounded()) } else if aspect > ratio.1 { w = Int((Double(h) * ratio.1).rounded()) }
        return ((image.height - h) / 2, (image.width - w) / 2, h, w)
    }

    /// Whether the step draws random numbers (augmentation).
    var isRandom: Bool {
        switch self {
        case .randomCrop, .randomResizedCrop, .hflip, .rotate, .colorJitter: return true
        default: return false
        }
    }
}
