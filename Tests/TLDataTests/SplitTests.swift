import XCTest

@testable import TLData

final class SplitTests: XCTestCase {
    private let synthetic = "type: synthetic\nimages: 300\nclasses: 3\nsize: 8"

    func testPerClassDrawIsStratifiedAndSeeded() throws {
        let a = try index(synthetic + "\ntrain: {per_class: 7}\nval: {fraction: 0.2}", seed: 3)
        XCTAssertEqual(a.train.classCounts(classCount: 3), [7, 7, 7])
        XCTAssertEqual(a.val?.classCounts(classCount: 3), [20, 20, 20])
        XCTAssertTrue(Set(a.train.samples).isDisjoint(with: Set(a.val!.samples)))
        let again = try index(synthetic + "\ntrain: {per_class: 7}\nval: {fraction: 0.2}", seed: 3)
        XCTAssertEqual(again.train.samples, a.train.samples)
        XCTAssertEqual(again.val?.samples, a.val?.samples)
        XCTAssertNotEqual(try index(synthetic + "\ntrain: {per_class: 7}", seed: 4).train.samples, a.train.samples)
    }

    func testLimitIsSplitInProportion() throws {
        let data = try index(synthetic + "\ntrain: {limit: 31}")
        XCTAssertEqual(data.train.samples.count, 31)
        XCTAssertEqual(data.train.classCounts(classCount: 3).sorted(), [10, 10, 11])
        XCTAssertThrowsError(try index(synthetic + "\ntrain: {limit: 301}"))
    }

    func testClassSelectionRelabelsInTheOrderGiven() throws {
        let folder = temporaryFolder()
        imageFolder("\(folder)/images", classes: ["cat", "dog", "emu"], perClass: 3)
        let data = try index("type: folder\npath: images\nclasses: [emu, 0]", in: folder)
        XCTAssertEqual(data.classNames, ["emu", "cat"])
        XCTAssertEqual(data.train.samples.map(\.label), [1, 1, 1, 0, 0, 0], "file order, new labels")
        XCTAssertTrue(data.train.samples.filter { $0.label == 0 }.allSatisfy { $0.location.contains("/emu/") })
        XCTAssertThrowsError(try index("type: folder\npath: images\nclasses: [nope]", in: folder)) {
            XCTAssertTrue("\($0)".contains("nope"))
        }
    }

    func testMissingOwnSplitIsAnError() {
        XCTAssertThrowsError(try index(synthetic + "\nval: {source: val}")) {
            XCTAssertTrue("\($0)".contains("no val split"))
        }
    }

    func testTooFewPerClassIsAnError() {
        XCTAssertThrowsError(try index(synthetic + "\ntrain: {per_class: 101}")) {
            XCTAssertTrue("\($0)".contains("per_class"))
        }
    }
}
