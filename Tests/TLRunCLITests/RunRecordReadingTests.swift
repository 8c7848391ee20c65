import Foundation
import TLRunner
import XCTest

/// Run records tlrun wrote, read back by `runs`, `runs compare` and `resume` after they were damaged: named with the
/// reason, never dropped silently or shown as dashes.
final class RunRecordReadingTests: XCTestCase {
    private func pipeline(in folder: String) throws -> String {
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: records
        seed: 2
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 120, test_images: 40, test: {source: test}}
        head: []
        train: {epochs: 2, batch_size: 32, threads: 2}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private func finishedRun(_ file: String) throws -> String {
        let result = try tlrun("run", file, "--quiet")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(result.stdout.split(separator: "\n").last.map(String.init))
    }

    func testRunsListsAnUnreadableRunRecordAndCompareRefusesIt() throws {
        let folder = temporaryFolder("records")
        let file = try pipeline(in: folder)
        let good = try finishedRun(file), damaged = try finishedRun(file)
        try "{\"pipeline_name\": ".write(toFile: damaged + "/run.json", atomically: true, encoding: .utf8)
        let listing = try tlrun("runs", "--dir", folder + "/runs")
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertTrue(listing.stdout.contains(good + "  finished"), listing.stdout)
        XCTAssertTrue(listing.stdout.contains(damaged + "  unreadable"), listing.stdout)
        XCTAssertTrue(listing.stdout.contains("\(damaged)/run.json: not a readable run record ("), listing.stdout)

        let compared = try tlrun("runs", "compare", good, damaged)
        XCTAssertEqual(compared.status, 1, compared.stdout)
        XCTAssertTrue(compared.stderr.contains("\(damaged)/run.json: not a readable run record"), compared.stderr)
        XCTAssertEqual(compared.stdout, "", "nothing is shown for a run that cannot be read")

        try FileManager.default.removeItem(atPath: damaged + "/run.json")
        XCTAssertEqual(mkfifo(damaged + "/run.json", 0o600), 0)
        let fifoListing = try tlrun("runs", "--dir", folder + "/runs")
        XCTAssertTrue(
            fifoListing.stdout.contains("\(damaged)/run.json: is a FIFO (named pipe), not a regular file"),
            fifoListing.stdout)
    }

    func testResumeOfACheckpointWithOneByteFlippedExitsOneNamingItAndTheMismatch() throws {
        let folder = temporaryFolder("flipped")
        let file = try pipeline(in: folder)
        var polls = 0
        let runner = PipelineRunner(
            options: PipelineRunner.Options(), observer: nil, log: { _ in },
            shouldStop: {
                polls += 1; return polls > 2
            })
        let run = try runner.run(file: file).folder
        let checkpoint = run + "/checkpoint.safetensors"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: checkpoint))
        let resumed = try tlrun("resume", run)
        XCTAssertEqual(resumed.status, 1, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("\(checkpoint): the checkpoint's SHA-256 is "), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("but run.json recorded"), resumed.stderr)
    }
}
