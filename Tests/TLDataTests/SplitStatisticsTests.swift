import TLTransforms
import XCTest

@testable import TLData

/// `tlrun data`'s channel statistics count every image in the channel count the network gets, whatever colour type
/// each file stores, and agree with a plain two-pass computation over the decoded, converted images.
final class SplitStatisticsTests: XCTestCase {
    private func statistics(_ folder: String, spec: String = "", channels: Int? = nil) throws -> SplitStatistics {
        let data = try index("type: folder\npath: images\n" + spec, in: folder)
        return try SplitStatistics(split: data.train, channels: channels)
    }

    func testWhiteAndBlackColourImagesWithABlackGrayImage() throws {
        let folder = temporaryFolder()
        let white = Image(width: 4, height: 4, channels: 3, pixels: Array(repeating: 255, count: 48))
        let black = Image(width: 4, height: 4, channels: 3, pixels: Array(repeating: 0, count: 48))
        let blackGray = Image(width: 4, height: 4, channels: 1, pixels: Array(repeating: 0, count: 16))
        write(PNGEncoder.encode(white), to: "\(folder)/images/a/white.png")
        write(PNGEncoder.encode(black), to: "\(folder)/images/a/black.png")
        write(PNGEncoder.encode(blackGray), to: "\(folder)/images/b/gray.png")
        let result = try statistics(folder)
        XCTAssertEqual(result.sampled, 3)
        for channel in 0..<3 {
            XCTAssertEqual(result.mean[channel], 1.0 / 3, accuracy: 1e-9)
            XCTAssertEqual(result.std[channel], (1.0 / 3 - 1.0 / 9).squareRoot(), accuracy: 1e-9)
        }
        let gray = try statistics(folder, channels: 1)
        XCTAssertEqual(gray.mean, [1.0 / 3], accuracy: 1e-9)
    }

    func testMixedColourTypesAgainstATwoPassComputation() throws {
        let folder = temporaryFolder()
        var random = SeededGenerator(seed: 7, 0)
        func pixels(_ count: Int) -> [Int] { (0..<count).map { _ in Int(random.next() % 256) } }
        var files: [String] = []
        for i in 0..<4 {
            let (height, width) = (5 + i, 7 - i)
            let pngs: [(PNGEncoder.ColorType, [UInt8])] = [
                (.gray, []), (.rgb, []), (.grayAlpha, []), (.rgba, []),
                (.palette, (0..<48).map { _ in UInt8(random.next() % 256) }),
            ]
            for (colorType, palette) in pngs {
                let samples =
                    colorType == .palette
                    ? (0..<(height * width)).map { _ in Int(random.next() % 16) }
                    : pixels(height * width * colorType.samples)
                let path = "\(folder)/images/c\(i % 2)/\(colorType)\(i).png"
                write(
                    PNGEncoder.encode(
                        width: width, height: height, colorType: colorType, bitDepth: 8, samples: samples,
                        palette: palette), to: path)
                files.append(path)
            }
            for channels in [1, 3] {
                let image = Image(
                    width: width, height: height, channels: channels,
                    pixels: pixels(height * width * channels).map(UInt8.init))
                let path = "\(folder)/images/c\(i % 2)/jpeg\(channels)-\(i).jpg"
                write(try XCTUnwrap(JPEGEncoder.encode(image, quality: 80)), to: path)
                files.append(path)
            }
        }
        for channels in [1, 3] {
            let result = try statistics(folder, channels: channels)
            XCTAssertEqual(result.sampled, files.count)
            let images = try files.map { try ImageDecoder.decodeFile($0).converted(toChannels: channels) }
            for channel in 0..<channels {
                let values = images.flatMap { image in
                    stride(from: channel, to: image.pixels.count, by: channels).map { Double(image.pixels[$0]) / 255 }
                }
                let mean = values.reduce(0, +) / Double(values.count)
                let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
                XCTAssertEqual(result.mean[channel], mean, accuracy: 1e-9, "\(channels) channels, channel \(channel)")
                XCTAssertEqual(result.std[channel], std, accuracy: 1e-9, "\(channels) channels, channel \(channel)")
            }
        }
        XCTAssertEqual(try statistics(folder).mean.count, 3, "colour among the images: counted as colour")
    }
}

private func XCTAssertEqual(
    _ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
