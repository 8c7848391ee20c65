import XCTest

@testable import TLData

final class PNGDecoderTests: XCTestCase {
    private let width = 3, height = 2

    func testGrayAtEveryBitDepth() throws {
        for depth in [1, 2, 4, 8, 16] {
            let top = (1 << depth) - 1
            let samples = [0, top, top / 2, top, 0, 1 % (top + 1)]
            let png = PNGEncoder.encode(
                width: width, height: height, colorType: .gray, bitDepth: depth, samples: samples)
            let image = try PNGDecoder.decode(png, file: "gray\(depth).png")
            XCTAssertEqual(image.channels, 1, "depth \(depth)")
            XCTAssertEqual(image.width, width)
            XCTAssertEqual(image.height, height)
            let expected = samples.map { UInt8((Double($0) * 255 / Double(top)).rounded()) }
            for (got, want) in zip(image.pixels, expected) {
                XCTAssertLessThanOrEqual(abs(Int(got) - Int(want)), 1, "depth \(depth)")
            }
        }
    }

    func testRGBAndRGBAAt8And16Bits() throws {
        for depth in [8, 16] {
            let scale = depth == 16 ? 257 : 1
            let rgb = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180].map {
                $0 * scale
            }
            let image = try PNGDecoder.decode(
                PNGEncoder.encode(width: width, height: height, colorType: .rgb, bitDepth: depth, samples: rgb),
                file: "rgb.png")
            XCTAssertEqual(image.channels, 3)
            XCTAssertEqual(image.pixels, rgb.map { UInt8($0 / scale) })
            var rgba: [Int] = []
            for i in 0..<(width * height) { rgba += rgb[(i * 3)..<(i * 3 + 3)] + [7 * scale] }
            let alpha = try PNGDecoder.decode(
                PNGEncoder.encode(width: width, height: height, colorType: .rgba, bitDepth: depth, samples: rgba),
                file: "rgba.png")
            XCTAssertEqual(alpha.channels, 3, "alpha is dropped")
            XCTAssertEqual(alpha.pixels, rgb.map { UInt8($0 / scale) }, "colour kept as stored, not composited")
        }
    }

    func testGrayAlphaDropsAlpha() throws {
        for depth in [8, 16] {
            let scale = depth == 16 ? 257 : 1
            let samples = [0, 255, 100, 0, 200, 128, 50, 255, 25, 9, 255, 255].map { $0 * scale }
            let image = try PNGDecoder.decode(
                PNGEncoder.encode(
                    width: width, height: height, colorType: .grayAlpha, bitDepth: depth, samples: samples),
                file: "ga.png")
            XCTAssertEqual(image.channels, 1)
            XCTAssertEqual(image.pixels, [0, 100, 200, 50, 25, 255])
        }
    }

    func testPaletteExpandsToRGB() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        for depth in [1, 2, 4, 8] {
            let indices = [0, 1, 0, 1, 1, 0].map { depth == 1 ? $0 : $0 * 2 }
            let png = PNGEncoder.encode(
                width: width, height: height, colorType: .palette, bitDepth: depth, samples: indices,
                palette: palette, transparency: [255, 128, 0])
            let image = try PNGDecoder.decode(png, file: "palette.png")
            XCTAssertEqual(image.channels, 3)
            let expected = indices.flatMap { Array(palette[($0 * 3)..<($0 * 3 + 3)]) }
            XCTAssertEqual(image.pixels, expected, "depth \(depth)")
        }
    }

    func testRoundTripOfEncodedImage() throws {
        let image = Image(width: 4, height: 3, channels: 3, pixels: (0..<36).map { UInt8($0 * 7) })
        XCTAssertEqual(try PNGDecoder.decode(PNGEncoder.encode(image), file: "x.png"), image)
    }

    func testCorruptAndTruncatedFilesAreErrorsNamingTheFile() {
        let good = PNGEncoder.encode(Image(width: 16, height: 16, channels: 1, pixels: (0..<256).map { UInt8($0) }))
        var corrupt = good
        for i in 40..<corrupt.count - 12 { corrupt[i] ^= 0x5A }
        for bytes in [Array(good.prefix(good.count / 2)), corrupt, Array(good.prefix(20))] {
            XCTAssertThrowsError(try PNGDecoder.decode(bytes, file: "/data/bad.png")) { error in
                XCTAssertTrue("\(error)".hasPrefix("/data/bad.png: not a readable PNG"), "\(error)")
            }
        }
    }

    func testHugeDeclaredSizeIsRefusedBeforeAllocating() {
        let png = PNGEncoder.encode(width: 1, height: 1, colorType: .gray, bitDepth: 8, samples: [0])
        var lying = png
        lying[16...19] = [0, 1, 0, 0]
        lying[20...23] = [0, 1, 0, 0]
        XCTAssertThrowsError(try PNGDecoder.decode(lying, file: "huge.png"))
    }
}
