import XCTest

@testable import TLData

final class BadDataTests: XCTestCase {
    /// A folder data set with 40 good images per class and one bad file added by `spoil`.
    private func check(_ name: String, expecting reason: String, spoil: (String) -> Void) throws {
        let folder = temporaryFolder(name)
        imageFolder("\(folder)/images", classes: ["a", "b"], perClass: 40)
        spoil("\(folder)/images")
        let base = "type: folder\npath: images\nsize: [8, 8]\nchannels: 1"
        XCTAssertThrowsError(try index(base, in: folder), name) { error in
            XCTAssertTrue("\(error)".contains(reason), "\(name): \(error)")
            XCTAssertTrue("\(error)".contains("\(folder)/images"), "names the file: \(error)")
        }
        let skipped = try index(base + "\non_error: skip\nmax_bad_fraction: 0.05", in: folder)
        XCTAssertEqual(skipped.skipped.count, 1, name)
        XCTAssertTrue(skipped.skipped.first?.problem.contains(reason) ?? false, "\(name): \(skipped.skipped)")
        XCTAssertThrowsError(
            try index(base + "\non_error: skip\nmax_bad_fraction: 0.001", in: folder), "\(name) beyond the fraction")
    }

    func testBrokenAndLoopingSymbolicLinksAndFIFOsAreBadFiles() throws {
        try check("dangling", expecting: "symbolic link") { root in
            try? FileManager.default.createSymbolicLink(
                atPath: "\(root)/a/dangling.png", withDestinationPath: "\(root)/a/gone.png")
        }
        try check("loop", expecting: "symbolic link") { root in
            try? FileManager.default.createDirectory(atPath: "\(root)/b/sub", withIntermediateDirectories: true)
            try? FileManager.default.createSymbolicLink(
                atPath: "\(root)/b/sub/loop.jpg", withDestinationPath: "\(root)/b/sub/loop.jpg")
        }
        try check("fifo", expecting: "a FIFO") { root in
            _ = mkfifo("\(root)/a/pipe.png", 0o600)
        }
    }

    func testCorruptFile() throws {
        try check("corrupt", expecting: "not a readable PNG") { root in
            var bytes = tinyPNG(1)
            for i in 30..<bytes.count { bytes[i] = 0x33 }
            write(bytes, to: "\(root)/a/corrupt.png")
        }
    }

    func testTruncatedFile() throws {
        try check("truncated", expecting: "not a readable PNG") {
            write(Array(tinyPNG(1).prefix(40)), to: "\($0)/b/cut.png")
        }
    }

    func testZeroByteFile() throws {
        try check("empty", expecting: "empty (0 bytes)") { write([], to: "\($0)/a/zero.png") }
    }

    func testWrongExtension() throws {
        try check("extension", expecting: "is a PNG but is named .jpg") { write(tinyPNG(2), to: "\($0)/a/wrong.jpg") }
    }

    func testUnexpectedSizeAndChannels() throws {
        try check("size", expecting: "the image is 9x9") { write(tinyPNG(2, size: 9), to: "\($0)/a/big.png") }
        try check("channels", expecting: "3 channels") { write(tinyPNG(2, channels: 3), to: "\($0)/b/color.png") }
    }

    func testMissingPathAndIgnoredFiles() throws {
        XCTAssertThrowsError(try index("type: folder\npath: /no/such/folder")) {
            XCTAssertTrue("\($0)".contains("/no/such/folder"))
        }
        let folder = temporaryFolder()
        imageFolder("\(folder)/images", classes: ["a"], perClass: 2)
        write([1], to: "\(folder)/images/a/notes.txt")
        write(tinyPNG(3), to: "\(folder)/images/a/deep/er/x.png")
        let data = try index("type: folder\npath: images", in: folder)
        XCTAssertEqual(data.ignoredFiles, 1)
        XCTAssertEqual(data.train.samples.count, 3, "images at any depth")
    }

    /// A folder with `images` tiny PNGs listed in `list.csv` (labels even/odd), then the `extra` rows.
    private func csvDataSet(images: Int, extra: [String]) throws -> String {
        let folder = temporaryFolder()
        var lines = ["path,label"]
        for i in 0..<images {
            write(tinyPNG(i), to: "\(folder)/img/\(i).png")
            lines.append("img/\(i).png,\(i % 2 == 0 ? "even" : "odd")")
        }
        try (lines + extra).joined(separator: "\n").write(
            toFile: "\(folder)/list.csv", atomically: true, encoding: .utf8)
        return folder
    }

    func testCSVRowsWithAnEmptyLabelOrNamingAFolderAreBadRows() throws {
        let folder = try csvDataSet(images: 60, extra: ["img/3.png,", "\"img/7.png\",\"\"", "img,odd"])
        XCTAssertThrowsError(try index("type: csv\npath: list.csv", in: folder)) {
            XCTAssertTrue("\($0)".contains("list.csv:62: the row's label is empty"), "\($0)")
        }
        let data = try index("type: csv\npath: list.csv\non_error: skip\nmax_bad_fraction: 0.1", in: folder)
        XCTAssertEqual(data.classNames, ["even", "odd"], "an empty label is no class")
        XCTAssertEqual(data.train.samples.count, 60)
        XCTAssertEqual(data.skipped.count, 3)
        XCTAssertEqual(data.skipped.filter { $0.problem.contains("label is empty") }.count, 2)
        XCTAssertEqual(data.skipped.filter { $0.problem.contains("a folder") }.count, 1, "\(data.skipped)")
    }

    func testCSVLabelsThatDifferOnlyInUnicodeNormalisationAreRefusedAtTheSecondSpelling() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        XCTAssertEqual(composed, decomposed, "Swift compares the two spellings as equal")
        let folder = try csvDataSet(images: 40, extra: ["img/1.png,\(composed)", "img/2.png,\(decomposed)"])
        XCTAssertThrowsError(try index("type: csv\npath: list.csv", in: folder)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("list.csv:43: the labels 'caf"), text)
            XCTAssertTrue(text.contains("(caf\\u{E9})") && text.contains("(cafe\\u{301})"), text)
            XCTAssertTrue(text.contains("NFC"), text)
        }
        let same = try csvDataSet(images: 40, extra: ["img/1.png,\(composed)", "img/2.png,\(composed)"])
        XCTAssertEqual(try index("type: csv\npath: list.csv", in: same).classNames, [composed, "even", "odd"])
    }

    func testCSVManifestWithMissingFile() throws {
        let folder = try csvDataSet(images: 50, extra: ["img/missing.png,odd"])
        XCTAssertThrowsError(try index("type: csv\npath: list.csv", in: folder)) {
            XCTAssertTrue("\($0)".contains("img/missing.png: the file named on line 52"), "\($0)")
        }
        let data = try index("type: csv\npath: list.csv\non_error: skip\nmax_bad_fraction: 0.05", in: folder)
        XCTAssertEqual(data.classNames, ["even", "odd"])
        XCTAssertEqual(data.train.samples.count, 50)
        XCTAssertEqual(data.skipped.count, 1)
    }

    /// Found by fuzz-csv: a number label of 18 digits made the class list 0...label and exhausted memory.
    func testIntegerLabelsPastTheRowCountAreRefusedBeforeAnyClassIsMade() throws {
        for (label, rows) in [("333333333333333333", 1), ("9223372036854775807", 3), ("40", 40)] {
            let folder = temporaryFolder()
            var lines = ["path,label"]
            for i in 0..<rows {
                write(tinyPNG(i), to: "\(folder)/img/\(i).png")
                lines.append("img/\(i).png,\(i == 0 ? label : String(i % 2))")
            }
            try lines.joined(separator: "\n").write(toFile: "\(folder)/list.csv", atomically: true, encoding: .utf8)
            XCTAssertThrowsError(
                try index("type: csv\npath: list.csv\non_error: skip\nmax_bad_fraction: 1", in: folder)
            ) {
                guard case .integerLabelsTooLarge(_, let largest, let count) = $0 as? DataError else {
                    return XCTFail("\($0)")
                }
                XCTAssertEqual(largest, Int(label))
                XCTAssertEqual(count, rows)
                XCTAssertTrue("\($0)".contains("classes 0 to \(label) each need images"), "\($0)")
            }
        }
        let folder = temporaryFolder()
        for i in 0..<6 { write(tinyPNG(i), to: "\(folder)/img/\(i).png") }
        try (["path,label"] + (0..<6).map { "img/\($0).png,\($0 % 3)" }).joined(separator: "\n")
            .write(toFile: "\(folder)/list.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(
            try index("type: csv\npath: list.csv", in: folder).classNames, ["0", "1", "2"],
            "numbered classes still work")
    }
}
