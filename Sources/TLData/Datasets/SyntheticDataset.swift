import Foundation
import TLTransforms

/// A seeded generator of labelled images that needs no files: `shapes` (outlined shapes on black),
/// `stripes` (oriented sine gratings, nothing like Fashion-MNIST) or `blobs` (soft spots placed by class).
public struct SyntheticImageSource: ImageSource {
    let family: String
    let classCount: Int
    let height: Int
    let width: Int
    let channels: Int
    let seed: UInt64

    /// Creates a generator; each item's image depends only on (seed, item).
    public init(family: String, classCount: Int, height: Int, width: Int, channels: Int, seed: UInt64) {
        self.family = family
        self.classCount = max(1, classCount)
        self.height = height
        self.width = width
        self.channels = channels
        self.seed = seed
    }

    /// The label of generated item `item` (classes take turns, so every class has the same share).
    public func label(of item: Int) -> Int { item % classCount }

    /// The generated image of `sample.item`.
    public func image(for sample: Sample) throws -> Image { image(item: sample.item) }

    /// The generated image of `item`.
    public func image(item: Int) -> Image {
        var random = SeededGenerator(seed: seed, RandomStream.synthetic.rawValue, UInt64(item))
        let label = label(of: item)
        let intensity = draw(label: label, random: &random)
        let tint = channels == 3 ? Self.hue(Double(label) / Double(classCount)) : [1, 1, 1]
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for i in 0..<(width * height) {
            for c in 0..<channels {
                let noisy = intensity[i] * tint[c] + random.uniform(-0.04, 0.04)
                pixels[i * channels + c] = UInt8(max(0, min(255, (noisy * 255).rounded())))
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// One channel of values in [0, 1] for a class.
    private func draw(label: Int, random: inout SeededGenerator) -> [Double] {
        let side = Double(min(width, height))
        let cx = Double(width) / 2 + random.uniform(-0.12, 0.12) * side
        let cy = Double(height) / 2 + random.uniform(-0.12, 0.12) * side
        let radius = side * random.uniform(0.24, 0.36)
        let thickness = max(1.0, side * 0.06)
        let angle = Double.pi * Double(label) / Double(classCount) + random.uniform(-0.08, 0.08)
        let cycles = random.uniform(3, 4.5), phase = random.uniform(0, 2 * Double.pi)
        var values = [Double](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
                let value: Double
                switch family {
                case "stripes":
                    let along = (Double(x) * cos(angle) + Double(y) * sin(angle)) / side
                    value = 0.5 + 0.5 * sin(2 * Double.pi * cycles * along + phase)
                case "blobs":
                    let place = 2 * Double.pi * Double(label) / Double(classCount)
                    let bx = Double(width) / 2 + cos(place) * side * 0.28,
                        by = Double(height) / 2 + sin(place) * side * 0.28
                    let d2 =
                        (Double(x) + 0.5 - bx) * (Double(x) + 0.5 - bx) + (Double(y) + 0.5 - by)
                        * (Double(y) + 0.5 - by)
                    value = exp(-d2 / (2 * pow(side * 0.13, 2)))
                default:
                    value = Self.outline(
                        shape: label, dx: dx, dy: dy, radius: radius * (1 - 0.15 * Double(label / 6 % 3)),
                        thickness: thickness)
                }
                values[y * width + x] = value
            }
        }
        return values
    }

    /// 1 on the outline of shape `shape % 6` (circle, square, triangle, cross, diamond, thick ring), else 0.
    private static func outline(shape: Int, dx: Double, dy: Double, radius r: Double, thickness t: Double) -> Double {
        let inside: Bool
        switch shape % 6 {
        case 0: inside = abs((dx * dx + dy * dy).squareRoot() - r) < t
        case 1: inside = abs(max(abs(dx), abs(dy)) - r * 0.85) < t
        case 2: inside = abs(max(abs(dx) * 0.866 + dy * 0.5, -dy) - r * 0.5) < t * 0.8
        case 3: inside = (abs(dx) < t && abs(dy) < r) || (abs(dy) < t && abs(dx) < r)
        case 4: inside = abs(abs(dx) + abs(dy) - r) < t
        default: inside = abs((dx * dx + dy * dy).squareRoot() - r * 0.7) < t * 2
        }
        return inside ? 1 : 0
    }

    /// An RGB colour of full saturation-ish for hue in [0, 1).
    private static func hue(_ h: Double) -> [Double] {
        (0..<3).map { c in
            let k = (h * 6 + Double(c) * 2).truncatingRemainder(dividingBy: 6)
            return 1 - 0.8 * max(0, min(1, min(k, 4 - k)))
        }
    }
}

/// The synthetic data set's training pool and test split.
enum SyntheticDataset {
    /// `images` training and `testImages` test images of `classCount` classes.
    static func make(_ generator: SyntheticImageSource, images: Int, testImages: Int) -> StoredDataset {
        func pool(_ range: Range<Int>, _ name: String) -> SamplePool {
            SamplePool(
                samples: range.map {
                    Sample(
                        location: "synthetic-\(generator.family)-\(name)#\($0)", item: $0,
                        label: generator.label(of: $0))
                },
                source: generator)
        }
        let names = (0..<generator.classCount).map { "\(generator.family)-\($0)" }
        return StoredDataset(
            classNames: names, train: pool(0..<images, "train"),
            test: testImages > 0 ? pool(images..<(images + testImages), "test") : nil)
    }
}
