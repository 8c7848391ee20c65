import XCTest

@testable import TLData

final class JPEGDecoderTests: XCTestCase {
    private func gradient(_ width: Int, _ height: Int, channels: Int) -> [UInt8] {
        (0..<(width * height * channels)).map { UInt8(($0 * 255) / (width * height * channels)) }
    }

    func testGrayAndRGBDecodeCloseToTheOriginal() throws {
        for channels in [1, 3] {
            let samples = [UInt8](repeating: 90, count: 16 * 8 * channels)
            let bytes = try XCTUnwrap(
                JPEGEncoder.encode(width: 16, height: 8, colorSpace: channels == 1 ? .gray : .rgb, samples: samples))
            let image = try JPEGDecoder.decode(bytes, file: "flat.jpg")
            XCTAssertEqual(image.channels, channels)
            XCTAssertEqual(image.width, 16)
            XCTAssertEqual(image.height, 8)
            XCTAssertLessThanOrEqual(image.pixels.map { abs(Int($0) - 90) }.max()!, 2)
        }
    }

    func testCMYKIsConvertedToRGB() throws {
        // Adobe convention (what libjpeg writes with its APP14 marker): stored values are inverted inks.
        let inverted: [UInt8] = [255, 255, 255, 255]
        let white = [UInt8]((0..<64).flatMap { _ in inverted })
        let bytes = try XCTUnwrap(JPEGEncoder.encode(width: 8, height: 8, colorSpace: .cmyk, samples: white))
        let image = try JPEGDecoder.decode(bytes, file: "cmyk.jpg")
        XCTAssertEqual(image.channels, 3)
        XCTAssertGreaterThan(image.pixels.min()!, 250)
        let cyan = [UInt8]((0..<64).flatMap { _ in [0, 255, 255, 255] as [UInt8] })
        let cyanImage = try JPEGDecoder.decode(
            try XCTUnwrap(JPEGEncoder.encode(width: 8, height: 8, colorSpace: .cmyk, samples: cyan)), file: "c.jpg")
        XCTAssertLessThan(cyanImage[0, 0, 0], 5)
        XCTAssertGreaterThan(cyanImage[0, 0, 1], 250)
    }

    func testBrokenFilesAreErrorsNotCrashes() throws {
        let good = try XCTUnwrap(
            JPEGEncoder.encode(width: 32, height: 32, colorSpace: .rgb, samples: gradient(32, 32, channels: 3)))
        var badHeader = good
        for i in 4..<min(200, badHeader.count) { badHeader[i] = UInt8(truncatingIfNeeded: i * 31) }
        let cases: [(String, [UInt8])] = [
            ("truncated", Array(good.prefix(good.count / 2))),
            ("header garbage", badHeader),
            ("only SOI", [0xFF, 0xD8, 0xFF, 0xD9]),
            ("not jpeg", [1, 2, 3, 4, 5]),
        ]
        for (name, bytes) in cases {
            XCTAssertThrowsError(try JPEGDecoder.decode(bytes, file: "/d/\(name).jpg"), name) { error in
                XCTAssertTrue("\(error)".hasPrefix("/d/\(name).jpg: "), "\(error)")
            }
        }
        XCTAssertNoThrow(try JPEGDecoder.decode(good, file: "good.jpg"), "a good file still decodes after failures")
    }
}
