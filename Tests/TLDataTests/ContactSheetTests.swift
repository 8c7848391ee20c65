import XCTest

@testable import TLData

final class ContactSheetTests: XCTestCase {
    func testOneLabelledRowPerClassWithSamples() throws {
        let data = try index("type: synthetic\nimages: 30\nclasses: 3\nsize: 12")
        let sheet = try ContactSheet.make(split: data.train, classCount: 3, perClass: 4, cell: 24)
        XCTAssertEqual(sheet.height, 3 * (24 + 4) + 4)
        XCTAssertEqual(sheet.width, 40 + 4 * (24 + 4) + 4)
        XCTAssertNotEqual(
            sheet[4, 0, 0...2].map { $0 }, sheet[4 + 28, 0, 0...2].map { $0 }, "each row has its own colour bar")
        let decoded = try PNGDecoder.decode(PNGEncoder.encode(sheet), file: "sheet.png")
        XCTAssertEqual(decoded, sheet)
    }
}

private extension Image {
    subscript(y: Int, x: Int, channels: ClosedRange<Int>) -> [UInt8] { channels.map { self[y, x, $0] } }
}
