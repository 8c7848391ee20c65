import TLTransforms
import XCTest

@testable import TLData

final class PreprocessingTests: XCTestCase {
    private func preprocessing(_ lines: String, channels: Int? = nil) throws -> Preprocessing {
        Preprocessing(
            spec: try datasetSpec("type: synthetic\n" + lines, in: temporaryFolder()).spec, outputChannels: channels)
    }

    func testTransformsGiveTheDeclaredShapeAndScale() throws {
        let image = Image(width: 10, height: 6, channels: 1, pixels: [UInt8](repeating: 255, count: 60))
        var random = SeededGenerator(seed: 1)
        let steps = try preprocessing(
            "transforms:\n  - {op: pad, padding: 2}\n  - {op: resize, size: [5, 7]}\n  - {op: center_crop, size: 4}",
            channels: 3)
        let out = steps.apply(image, training: false, random: &random)
        XCTAssertEqual(out.shape, [3, 4, 4])
        XCTAssertEqual(out.values.max()!, 1, accuracy: 1e-5, "pixels scaled to [0, 1]")
        let normalized = try preprocessing("transforms:\n  - {op: normalize, mean: [0.5], std: [0.25]}").apply(
            image, training: false, random: &random)
        XCTAssertEqual(normalized.values[0], 2, accuracy: 1e-5)
        let imagenet = try preprocessing("transforms:\n  - {op: rgb}\n  - {op: normalize, preset: imagenet}").apply(
            image, training: false, random: &random)
        XCTAssertEqual(imagenet.values[0], (1 - 0.485) / 0.229, accuracy: 1e-4)
    }

    func testAntialiasedShrinkAveragesAFinePattern() {
        var checker = FloatImage(width: 8, height: 8, channels: 1)
        for y in 0..<8 { for x in 0..<8 { checker.values[y * 8 + x] = Float((x + y) % 2) } }
        let small = Resampling.resize(checker, height: 2, width: 2)
        for value in small.values { XCTAssertEqual(value, 0.5, accuracy: 0.05) }
    }

    func testAugmentationIsReproducibleAndTrainingOnly() throws {
        let steps = try preprocessing(
            "augment:\n  - {op: random_crop, size: 8, padding: 2}\n  - {op: hflip}\n  - {op: rotate, degrees: 15}\n  - {op: color_jitter, brightness: 0.3, contrast: 0.3}\n  - {op: random_resized_crop, size: 6}"
        )
        let image = Image(width: 8, height: 8, channels: 1, pixels: (0..<64).map { UInt8($0 * 4) })
        var a = SeededGenerator(seed: 9, 1, 2), b = SeededGenerator(seed: 9, 1, 2), c = SeededGenerator(seed: 9, 1, 3)
        let first = steps.apply(image, training: true, random: &a)
        XCTAssertEqual(first.values, steps.apply(image, training: true, random: &b).values)
        XCTAssertNotEqual(first.values, steps.apply(image, training: true, random: &c).values)
        XCTAssertEqual(first.shape, [1, 6, 6])
        var d = SeededGenerator(seed: 9)
        XCTAssertEqual(
            steps.apply(image, training: false, random: &d).values, FloatImage(image).values,
            "no augmentation outside training")
    }

    func testComputedNormalizationGivesZeroMeanUnitStd() throws {
        let folder = temporaryFolder()
        let spec = try datasetSpec(
            "type: synthetic\nimages: 50\nsize: 8\ntransforms:\n  - {op: normalize, preset: computed}", in: folder
        ).spec
        let data = try DatasetIndex(spec: spec, seed: 0)
        var steps = Preprocessing(spec: spec)
        XCTAssertTrue(steps.wantsComputedNormalization)
        try steps.computeNormalization(from: data.train, seed: 0)
        var all: [Float] = []
        for i in 0..<50 {
            var random = SeededGenerator(seed: 0)
            all += steps.apply(try data.train.image(at: i), training: false, random: &random).values
        }
        let mean = all.reduce(0, +) / Float(all.count)
        let variance = all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(all.count)
        XCTAssertEqual(mean, 0, accuracy: 1e-3)
        XCTAssertEqual(variance, 1, accuracy: 1e-2)
    }
}
