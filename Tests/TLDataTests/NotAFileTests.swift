import Foundation
import XCTest

@testable import TLData

/// What is not a regular file is named for what it is, and never opened (a FIFO would wait for a writer).
final class NotAFileTests: XCTestCase {
    private func assertRefused(
        _ path: String, saying fragment: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try ImageDecoder.decodeFile(path), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(path), "names the path: \(text)", file: file, line: line)
            XCTAssertTrue(text.contains(fragment), "'\(text)' does not say '\(fragment)'", file: file, line: line)
            XCTAssertFalse(text.contains("permissions"), text, file: file, line: line)
        }
    }

    func testFoldersFIFOsAndBrokenLinksNamedAsImages() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/folder.png", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: folder + "/nested/deeper.jpg", withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(folder + "/pipe.png", 0o600), 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/dangling.png", withDestinationPath: folder + "/gone.png")
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/loop.png", withDestinationPath: folder + "/loop.png")
        assertRefused(folder + "/folder.png", saying: "a folder")
        assertRefused(folder + "/nested/deeper.jpg", saying: "a folder")
        assertRefused(folder + "/pipe.png", saying: "a FIFO")
        assertRefused(folder + "/dangling.png", saying: "symbolic link")
        assertRefused(folder + "/loop.png", saying: "symbolic link")
        assertRefused(folder + "/missing.png", saying: "does not exist")
        assertRefused("/dev/null", saying: "a device")
    }
}

/// The manifests and IDX files a data set names are checked the same way before they are opened.
final class NotAFileDataSetFilesTests: XCTestCase {
    func testACSVManifestOrAnIDXFileThatIsAFIFOIsRefusedWithoutOpeningIt() throws {
        let folder = temporaryFolder()
        XCTAssertEqual(mkfifo(folder + "/list.csv", 0o600), 0)
        XCTAssertEqual(mkfifo(folder + "/train-images-idx3-ubyte", 0o600), 0)
        XCTAssertThrowsError(try CSVManifest.read(folder + "/list.csv")) { error in
            XCTAssertEqual(
                "\(error)",
                "\(folder)/list.csv: this is a FIFO (named pipe), not a regular file (remove or replace the file)")
        }
        XCTAssertThrowsError(try IDXFile(path: folder + "/train-images-idx3-ubyte")) { error in
            XCTAssertTrue(
                "\(error)".hasPrefix(
                    "\(folder)/train-images-idx3-ubyte: this is a FIFO (named pipe), not a regular file"), "\(error)")
        }
        XCTAssertThrowsError(try IDXFile(path: folder)) { error in
            XCTAssertTrue("\(error)".contains("this is a folder (directory), not a regular file"), "\(error)")
        }
    }
}
