import XCTest

@testable import TLData

/// Classes are selected before class folders are read: unselected folders are ignored entirely, and a selected
/// class without images (an empty folder, or every file bad and skipped) is an error naming it, never a class the
/// head would get an output for without a single image.
final class ClassSelectionTests: XCTestCase {
    /// Image folders of classes a, b and c (8 images each) and an empty class folder `empty` holding only a text file.
    private func folders(_ name: String = #function, empty: String = "d") -> String {
        let folder = temporaryFolder(name)
        imageFolder("\(folder)/images", classes: ["a", "b", "c"], perClass: 8)
        try? FileManager.default.createDirectory(
            atPath: "\(folder)/images/\(empty)/nested", withIntermediateDirectories: true)
        write([1, 2, 3], to: "\(folder)/images/\(empty)/nested/readme.txt")
        return folder
    }

    func testAnUnselectedEmptyFolderIsIgnoredInEveryMode() throws {
        let folder = folders()
        for mode in ["fail", "skip"] {
            let data = try index(
                "type: folder\npath: images\nsize: [8, 8]\nchannels: 1\non_error: \(mode)\nclasses: [c, a]", in: folder)
            XCTAssertEqual(data.classNames, ["c", "a"], mode)
            XCTAssertEqual(data.skipped, [], mode)
            XCTAssertEqual(Set(data.train.samples.map(\.label)), [0, 1], mode)
            XCTAssertEqual(data.train.samples.count, 16, mode)
        }
    }

    func testBadFilesOfUnselectedClassesAreNotRead() throws {
        let folder = folders()
        write([0x89, 0x50, 0x4e, 0x47, 1, 2], to: "\(folder)/images/b/broken.png")
        let data = try index("type: folder\npath: images\nsize: [8, 8]\nchannels: 1\nclasses: [a, c]", in: folder)
        XCTAssertEqual(data.classNames, ["a", "c"])
        XCTAssertEqual(data.skipped, [])
    }

    func testAnEmptySelectedFolderIsAnErrorNamingTheClassInEveryMode() throws {
        for (selection, fix) in [("classes: [a, z]", "leave it out of `classes`"), ("", "remove the folder")] {
            let folder = folders("empty\(fix.count)", empty: "z")
            for mode in ["fail", "skip"] {
                let spec = "type: folder\npath: images\nsize: [8, 8]\nchannels: 1\non_error: \(mode)\n\(selection)"
                XCTAssertThrowsError(try index(spec, in: folder), "\(selection) \(mode)") { error in
                    XCTAssertTrue("\(error)".contains("class 'z'"), "\(error)")
                    XCTAssertTrue("\(error)".contains("\(folder)/images/z"), "names the folder: \(error)")
                    XCTAssertTrue("\(error)".contains(fix), "\(error)")
                }
            }
        }
    }

    func testAnEmptySelectedFolderInTheValidationFolderIsAnError() throws {
        let folder = folders()
        imageFolder("\(folder)/val", classes: ["a", "c"], perClass: 2)
        try? FileManager.default.createDirectory(atPath: "\(folder)/val/b", withIntermediateDirectories: true)
        let spec = "type: folder\npath: images\nval_path: val\nval: {source: val}\nsize: [8, 8]\nchannels: 1\n"
        XCTAssertThrowsError(try index(spec + "classes: [a, b]", in: folder)) { error in
            XCTAssertTrue("\(error)".contains("\(folder)/val/b"), "\(error)")
        }
        XCTAssertEqual(try index(spec + "classes: [a, c]", in: folder).val?.samples.count, 4)
    }

    func testASelectedClassWhoseFilesAreAllSkippedIsAnError() throws {
        let folder = temporaryFolder()
        imageFolder("\(folder)/images", classes: ["a", "b"], perClass: 30)
        for i in 0..<2 { write(tinyPNG(1, size: 9), to: "\(folder)/images/c/wrong\(i).png") }
        let spec = "type: folder\npath: images\nsize: [8, 8]\nchannels: 1\non_error: skip\nmax_bad_fraction: 0.1"
        XCTAssertThrowsError(try index(spec, in: folder)) { error in
            XCTAssertTrue("\(error)".contains("class 'c' has no usable training images"), "\(error)")
            XCTAssertTrue("\(error)".contains("2 bad files"), "\(error)")
        }
        XCTAssertEqual(try index(spec + "\nclasses: [a, b]", in: folder).classNames, ["a", "b"])
    }
}
