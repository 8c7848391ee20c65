import XCTest

/// A fixture that is missing or unreadable is a test failure that says which file and how to make it again.
final class FixtureSupportTests: XCTestCase {
    func testAMissingFixtureNamesTheFileAndTheRegenerateCommand() {
        XCTAssertThrowsError(try Fixtures.path("no_such_fixture.safetensors")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("Tests/Fixtures/no_such_fixture.safetensors: "), text)
            XCTAssertTrue(text.contains("python3 Tests/Fixtures/make_fixtures.py"), text)
        }
    }

    func testAFolderOrAnUnreadableFileIsNotAFixture() throws {
        XCTAssertThrowsError(try Fixtures.path("pth_variants"))
        XCTAssertThrowsError(try Fixtures.tensors("make_fixtures.py")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("Tests/Fixtures/make_fixtures.py: "), text)
            XCTAssertTrue(text.contains("make_fixtures.py"), text)
        }
    }

    func testEveryFixtureTheREADMENamesExists() throws {
        let readme = try String(contentsOfFile: try Fixtures.path("README.md"), encoding: .utf8)
        for line in readme.split(separator: "\n") where line.hasPrefix("| `") {
            let names = line.split(separator: "|")[0].split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }
                .map(\.element)
            for name in names { XCTAssertNoThrow(try Fixtures.path(String(name)), String(name)) }
        }
    }
}
