import XCTest

@testable import TLData

final class SheetAndSyntheticTests: XCTestCase {
    func testGeneratedSheetIsTiledByRowsAndPadded() throws {
        var sheet = Image(width: 6, height: 8, channels: 1)
        for y in 0..<8 { for x in 0..<6 { sheet[y, x, 0] = UInt8(y * 10 + x) } }
        let folder = temporaryFolder()
        write(PNGEncoder.encode(sheet), to: "\(folder)/sheet.png")
        let data = try index(
            "type: sheet\npath: \(folder)/sheet.png\ntile: [2, 3]\npad: 1\nclasses: 2\ntest: {last_per_class: 2}",
            in: folder)
        XCTAssertEqual(data.train.samples.count + (data.test?.samples.count ?? 0), 8)
        XCTAssertEqual(
            data.test?.samples.map(\.location).map { $0.components(separatedBy: "#")[1] },
            ["r1c0", "r1c1", "r3c0", "r3c1"])
        let first = try data.train.image(at: 0)
        XCTAssertEqual([first.width, first.height], [5, 4])
        XCTAssertEqual(first[0, 0, 0], 0, "padding")
        XCTAssertEqual(first[1, 1, 0], 0)
        XCTAssertEqual(first[2, 3, 0], 12)
        XCTAssertThrowsError(try index("type: sheet\npath: \(folder)/sheet.png\ntile: [3, 3]", in: folder)) {
            XCTAssertTrue("\($0)".contains("sheet.png"), "\($0)")
        }
    }

    func testDigitsProtocol() throws {
        let path = "/usr/share/doc/opencv-doc/examples/data/digits.png"
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("digits.png is not installed (Debian package opencv-doc)")
        }
        let data = try index(
            "type: sheet\npath: \(path)\ntile: [20, 20]\npad: 4\nclasses: 10\ntest: {last_per_class: 100}\ntrain: {per_class: 10}"
        )
        XCTAssertEqual(data.test?.classCounts(classCount: 10), Array(repeating: 100, count: 10))
        XCTAssertEqual(data.train.classCounts(classCount: 10), Array(repeating: 10, count: 10))
        let testItems = Set(data.test!.samples.map(\.item))
        XCTAssertTrue(data.train.samples.allSatisfy { !testItems.contains($0.item) }, "train drawn from the pool only")
        XCTAssertTrue(
            data.test!.samples.filter { $0.label == 0 }.allSatisfy { (400..<500).contains($0.item) },
            "digit 0: the last 100 of its 500 tiles")
        let tile = try data.train.image(at: 0)
        XCTAssertEqual([tile.width, tile.height], [28, 28])
    }

    func testSyntheticIsDeterministicAndFamiliesDiffer() throws {
        let a = try index("type: synthetic\nimages: 40\ntest_images: 10\nclasses: 4\nsize: 16\ntest: {source: test}")
        let b = try index("type: synthetic\nimages: 40\ntest_images: 10\nclasses: 4\nsize: 16\ntest: {source: test}")
        XCTAssertEqual(try a.train.image(at: 5), try b.train.image(at: 5))
        XCTAssertEqual(a.train.classCounts(classCount: 4), [10, 10, 10, 10])
        XCTAssertEqual(a.test?.samples.count, 10)
        let stripes = try index("type: synthetic\nfamily: stripes\nimages: 8\nclasses: 4\nchannels: 3\nsize: [12, 20]")
        let image = try stripes.train.image(at: 0)
        XCTAssertEqual([image.width, image.height, image.channels], [20, 12, 3])
        XCTAssertNotEqual(try a.train.image(at: 0), try a.train.image(at: 4), "same class, different instances")
        let meanStripes = image.pixels.map(Double.init).reduce(0, +) / Double(image.pixels.count)
        XCTAssertGreaterThan(meanStripes, 60, "stripes fill the image, unlike dark-background garments")
    }
}
