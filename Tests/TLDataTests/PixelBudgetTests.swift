import Foundation
import TLFiles
import XCTest

@testable import TLData

/// Images are refused from their header when they have more pixels than the budget (`dataset.max_image_pixels`),
/// before a pixel is decoded; the message states the real limit and the key that raises it.
final class PixelBudgetTests: XCTestCase {
    /// A tiny PNG whose header is rewritten to declare `width`×`height` (with the header's checksum recomputed).
    private func pngDeclaring(width: Int, height: Int, channels: Int) -> [UInt8] {
        var bytes = tinyPNG(1, size: 2, channels: channels)
        let header = 16  // signature (8), chunk length (4), "IHDR" (4)
        for (offset, value) in [(header, width), (header + 4, height)] {
            for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
        }
        let checksum = crc32(Array(bytes[12..<(header + 13)]))
        for i in 0..<4 { bytes[header + 13 + i] = UInt8(truncatingIfNeeded: checksum >> (24 - 8 * i)) }
        return bytes
    }

    /// A small JPEG whose frame header is rewritten to declare `width`×`height`.
    private func jpegDeclaring(width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let image = Image(width: 8, height: 8, channels: channels, pixels: Array(repeating: 128, count: 64 * channels))
        var bytes = try XCTUnwrap(JPEGEncoder.encode(image))
        let frame = try XCTUnwrap((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[frame + 5] = UInt8(height >> 8)
        bytes[frame + 6] = UInt8(height & 0xFF)
        bytes[frame + 7] = UInt8(width >> 8)
        bytes[frame + 8] = UInt8(width & 0xFF)
        return bytes
    }

    private func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private func assertRefused(
        _ bytes: [UInt8], name: String, pixels: String, limit: String, budget: PixelBudget = .standard,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, file: name, budget: budget), file: file, line: line) {
            error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(name), text, file: file, line: line)
            XCTAssertTrue(text.contains("(\(pixels))"), text, file: file, line: line)
            XCTAssertTrue(text.contains("more than the \(limit) an image may have"), text, file: file, line: line)
            XCTAssertTrue(text.contains("dataset.max_image_pixels"), text, file: file, line: line)
        }
    }

    func testAPNGWiderThanLibpngReadsNamesLibpngsLimitAndTheBudgetStillDecidesFirst() {
        XCTAssertThrowsError(
            try ImageDecoder.decode(pngDeclaring(width: 4_000_000, height: 10, channels: 1), file: "wide.png")
        ) { error in
            XCTAssertEqual(
                "\(error)",
                "wide.png: the PNG is 4000000x10, within the pixel budget, but libpng reads no PNG wider or taller than "
                    + "1,000,000 pixels (its user limit PNG_USER_WIDTH_MAX/PNG_USER_HEIGHT_MAX, which png_set_user_limits would "
                    + "raise but tlrun's reader cannot) (split or resize the image so that no side exceeds 1,000,000 pixels)"
            )
        }
        XCTAssertThrowsError(
            try ImageDecoder.decode(pngDeclaring(width: 10, height: 1_000_001, channels: 3), file: "tall.png")
        ) { error in
            XCTAssertTrue("\(error)".contains("libpng reads no PNG wider or taller than 1,000,000 pixels"), "\(error)")
        }
        assertRefused(
            pngDeclaring(width: 4_000_000, height: 11, channels: 1), name: "wider.png", pixels: "44.0 megapixels",
            limit: "40.0 megapixels")
        XCTAssertThrowsError(
            try ImageDecoder.decode(pngDeclaring(width: 1_000_000, height: 2, channels: 1), file: "edge.png")
        ) { error in
            XCTAssertFalse(
                "\(error)".contains("libpng reads no PNG"), "a side of exactly the limit is libpng's to read: \(error)")
        }
    }

    func testHeadersDeclaringHugeImagesAreRefusedBeforeDecoding() throws {
        for (width, height) in [(12000, 12000), (20000, 20000), (65000, 1000), (7000, 6000)] {
            let pixels = String(format: "%.1f megapixels", Double(width * height) / 1e6)
            for channels in [1, 3] {
                assertRefused(
                    pngDeclaring(width: width, height: height, channels: channels), name: "big\(channels).png",
                    pixels: pixels, limit: "40.0 megapixels")
                assertRefused(
                    try jpegDeclaring(width: width, height: height, channels: channels), name: "big\(channels).jpg",
                    pixels: pixels, limit: "40.0 megapixels")
            }
        }
    }

    func testTheBudgetIsTheDataSetsMaxImagePixels() throws {
        let folder = temporaryFolder()
        for i in 0..<3 {
            write(tinyPNG(i, size: 40), to: "\(folder)/images/a/\(i).png")
            write(
                try XCTUnwrap(
                    JPEGEncoder.encode(
                        Image(width: 30, height: 40, channels: 3, pixels: Array(repeating: 9, count: 3600)))),
                to: "\(folder)/images/b/\(i).jpg")
        }
        XCTAssertThrowsError(try index("type: folder\npath: images\nmax_image_pixels: 1000", in: folder)) { error in
            XCTAssertTrue("\(error)".contains("(1600 pixels), more than the 1000 pixels"), "\(error)")
            XCTAssertTrue("\(error)".contains("raise `dataset.max_image_pixels`"), "\(error)")
        }
        let data = try index("type: folder\npath: images\nmax_image_pixels: 1600", in: folder)
        XCTAssertEqual(data.train.samples.count, 6)
        XCTAssertEqual(try data.train.image(at: 0).width, 40)
        let budget = PixelBudget(maxPixels: 1199)
        assertRefused(
            try XCTUnwrap(
                JPEGEncoder.encode(Image(width: 30, height: 40, channels: 1, pixels: Array(repeating: 9, count: 1200)))),
            name: "small.jpg", pixels: "1200 pixels", limit: "1199 pixels", budget: budget)
    }

    func testAPNGDeclaringATrillionPixelsIsRefusedEvenWithTheLimitRaised() throws {
        let bytes = pngDeclaring(width: 1_000_000, height: 1_000_000, channels: 3)
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, file: "huge.png", budget: PixelBudget(maxPixels: Int.max)))
        { error in
            XCTAssertEqual((error as? DataError)?.file, "huge.png")
            let text = "\(error)"
            XCTAssertTrue(text.contains("1000000x1000000"), text)
            XCTAssertTrue(text.contains("16000.0 GB, over the memory budget"), text)
        }
    }

    func testTheDecodedSizeIsCheckedAgainstTheGivenMemoryBudget() {
        let budget = PixelBudget(maxPixels: Int.max)
        XCTAssertNil(
            budget.problem(width: 256, height: 256, file: "a.png", memory: MemoryBudget(bytes: 256 * 256 * 16)))
        guard
            case .overMemoryBudget(let path, _, let bytes, let limit)? = budget.problem(
                width: 256, height: 257, file: "a.png",
                memory: MemoryBudget(bytes: 256 * 256 * 16))
        else {
            return XCTFail("a 256x257 image is over a budget of 256x256 decoded pixels")
        }
        XCTAssertEqual(path, "a.png")
        XCTAssertEqual(bytes, 256 * 257 * 16)
        XCTAssertEqual(limit, 256 * 256 * 16)
    }
}
