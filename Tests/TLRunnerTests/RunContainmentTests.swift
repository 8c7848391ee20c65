import Foundation
import TLTestSupport
import XCTest

@testable import TLRunner

/// Every file a run writes lies inside its output folder: run folders are made only by `RunFolder.create`, which
/// proves the folder inside the output folder, and files in them are named only by `RunFileName`'s fixed names.
final class RunContainmentTests: XCTestCase {
    private var folder = ""

    override func setUp() { folder = temporaryFolder("containment") }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    private func entries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    func testEveryFileNameARunWritesIsOnePlainComponent() {
        for name in RunFileName.allCases {
            XCTAssertTrue(RunFolder.isPlainComponent(name.rawValue), name.rawValue)
            XCTAssertEqual(name.path(in: "/runs/p/1"), "/runs/p/1/" + name.rawValue)
        }
        XCTAssertEqual(Set(RunFileName.allCases.map(\.rawValue)).count, RunFileName.allCases.count)
    }

    func testAPipelineNameThatIsNotAPlainComponentIsRefusedBeforeAnythingIsMade() {
        let output = folder + "/runs"
        for name in ["..", ".", "", "a/../../b", "../escape", "x\u{0}y"] {
            XCTAssertThrowsError(try RunFolder.create(outputDir: output, pipelineName: name), name) { error in
                guard case .outsideOutputFolder(_, let outputDir, let reason)? = error as? RunError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(outputDir, output)
                XCTAssertTrue(reason.contains("not a plain file name"), reason)
                XCTAssertTrue("\(error)".contains("inside the output folder \(output)"), "\(error)")
            }
        }
        XCTAssertEqual(entries(folder), [], "nothing was created, not even the output folder")
    }

    func testAPipelineFolderThatIsALinkOutOfTheOutputFolderIsRefusedAndNothingIsWrittenThere() throws {
        let output = folder + "/runs", elsewhere = folder + "/elsewhere"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: output + "/linked", withDestinationPath: elsewhere)
        XCTAssertThrowsError(try RunFolder.create(outputDir: output, pipelineName: "linked")) { error in
            guard case .outsideOutputFolder(let path, _, let reason)? = error as? RunError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, output + "/linked")
            XCTAssertTrue(reason.contains("through a link"), reason)
        }
        XCTAssertEqual(entries(elsewhere), [], "no run folder was made through the link")
    }

    func testALinkInsideTheOutputFolderIsFollowedAndARunFolderLandsInside() throws {
        let output = folder + "/runs"
        try FileManager.default.createDirectory(atPath: output + "/real", withIntermediateDirectories: true)
        let run = try RunFolder.create(outputDir: output, pipelineName: "plain")
        XCTAssertTrue(run.hasPrefix(output + "/plain/"), run)
        XCTAssertEqual(entries(output), [".gitignore", "plain", "real"])
    }

    func testAFileNamedLikeARunFileThatIsALinkIsReplacedNotFollowed() throws {
        let run = try RunFolder.create(outputDir: folder + "/runs", pipelineName: "p")
        let target = folder + "/victim.txt"
        try "keep me".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: RunFileName.summary.path(in: run), withDestinationPath: target)
        try RunFiles.write("{}\n", to: .run(folder: run, file: .summary))
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep me")
        XCTAssertEqual(try String(contentsOfFile: RunFileName.summary.path(in: run), encoding: .utf8), "{}\n")
    }

    /// The proof rests on one writer: no file of the runner's sources writes a file but `RunFiles` (and the lock,
    /// which opens its fixed name without following links).
    func testOnlyRunFilesWritesFilesInTheRunner() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/TLRunner")
        // `.write(to: .run(…))` and `.write(to: .chosen(…))` are tlrun's own writers taking an `OutputPath`.
        let writers = [
            "AtomicFileWriter", #"\.write\(to: (?!\.run\(|\.chosen\()"#, "write\\(toFile:", "createFile\\(", "fopen\\(",
            "O_CREAT",
        ]
        let allowed = ["RunFiles.swift": "AtomicFileWriter", "RunLock.swift": "O_CREAT"]
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let text = try String(contentsOfFile: root.path + "/" + file, encoding: .utf8)
            for writer in writers where text.range(of: writer, options: .regularExpression) != nil {
                XCTAssertEqual(allowed[(file as NSString).lastPathComponent], writer, "\(file) writes with \(writer)")
            }
        }
    }
}
