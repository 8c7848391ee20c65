import Foundation
import TLTestSupport
import XCTest

@testable import TLRunner

/// A run's git state describes the code and pipelines, not tlrun's own output folders.
final class GitStateTests: XCTestCase {
    private func git(_ arguments: String..., in folder: String) throws {
        let result = try runCommand("/usr/bin/env", ["git", "-C", folder] + arguments)
        XCTAssertEqual(result.status, 0, "git \(arguments): \(result.stderr)")
    }

    func testRunsAfterTheFirstAreCleanAndAChangedPipelineIsDirty() throws {
        let folder = temporaryFolder("git")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pipeline = folder + "/p.yaml"
        try """
        version: 1
        name: tiny
        source: {model: seed-cnn, classes: 3, weights: random}
        dataset: {type: synthetic, classes: 3, images: 60, test_images: 30, test: {source: test}}
        head: []
        train: {epochs: 1, batch_size: 16}
        output: {dir: \(folder)/runs}
        """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        try git("init", "-q", in: folder)
        try git("-c", "user.name=t", "-c", "user.email=t@t", "add", "p.yaml", in: folder)
        try git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "pipeline", in: folder)
        let runner = PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in })
        let first = try runner.run(file: pipeline)
        let second = try runner.run(file: pipeline)
        XCTAssertEqual(first.manifest.git?.dirty, false)
        XCTAssertEqual(second.manifest.git?.dirty, false, "the first run's folder is tlrun's output, not a change")
        try (try String(contentsOfFile: pipeline, encoding: .utf8) + "\nseed: 3\n").write(
            toFile: pipeline, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runner.run(file: pipeline).manifest.git?.dirty, true, "an edited pipeline is a change")
    }
}
