import Foundation
import TLIO
import TLTestSupport
import XCTest

@testable import TLRunner

/// What tlrun wrote is checked when it is read back: the checkpoint against the SHA-256 `run.json` recorded, the run
/// folder against a second process, the checkpoint's epoch against a lowered `train.epochs`, and a model's tensors
/// against the shapes of its network.
final class RunIntegrityTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = temporaryFolder("integrity")
        try pipeline(epochs: 3)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private var file: String { folder + "/p.yaml" }

    private func pipeline(epochs: Int) throws {
        try """
        version: 1
        name: integrity
        seed: 3
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 200, test_images: 40, test: {source: test}}
        head: []
        train: {epochs: \(epochs), batch_size: 32}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// A run stopped after `batches` batches (7 batches make an epoch), with its checkpoint.
    private func interruptedRun(afterBatches batches: Int) throws -> String {
        var polls = 0
        let runner = PipelineRunner(
            options: PipelineRunner.Options(), observer: nil, log: { _ in },
            shouldStop: {
                polls += 1; return polls > batches
            })
        let outcome = try runner.run(file: file)
        XCTAssertEqual(outcome.manifest.status, .interrupted)
        return outcome.folder
    }

    private func resume(_ run: String, force: Bool = false) throws -> PipelineRunner.Outcome {
        var options = PipelineRunner.Options()
        options.force = force
        return try PipelineRunner(options: options, observer: nil, log: { _ in }).resume(folder: run)
    }

    func testACheckpointWithOneByteFlippedIsRefusedNamingItAndTheMismatch() throws {
        let run = try interruptedRun(afterBatches: 3)
        let checkpoint = run + "/checkpoint.safetensors"
        let recorded = try XCTUnwrap(try RunManifest.read(folder: run).checkpointSha256)
        XCTAssertEqual(recorded, Digest.file(checkpoint), "run.json records the checkpoint as written")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        bytes[bytes.count - 5] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: checkpoint))
        XCTAssertThrowsError(try resume(run)) { error in
            guard case .checkpointDigestMismatch(let path, let was, let found)? = error as? RunError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, checkpoint)
            XCTAssertEqual(was, recorded)
            XCTAssertEqual(found, Digest.file(checkpoint))
            XCTAssertTrue("\(error)".hasPrefix(checkpoint + ": the checkpoint's SHA-256 is "), "\(error)")
        }
    }

    func testASecondProcessIsRefusedWithTheHoldersPidAndHostAndAStaleLockIsTakenOver() throws {
        let run = try interruptedRun(afterBatches: 3)
        let held = try RunLock.acquire(folder: run)
        XCTAssertThrowsError(try resume(run)) { error in
            guard case .runLocked(let lockedFolder, let pid, let host)? = error as? RunError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(lockedFolder, run)
            XCTAssertEqual(pid, getpid())
            XCTAssertEqual(host, ProcessInfo.processInfo.hostName)
            XCTAssertTrue("\(error)".contains("in use by process \(getpid()) on \(host)"), "\(error)")
        }
        held.release()
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: RunFileName.lock.path(in: run)), "a released lock leaves no file")

        try "999999 \(ProcessInfo.processInfo.hostName)\n".write(
            toFile: RunFileName.lock.path(in: run), atomically: true, encoding: .utf8)
        XCTAssertEqual(try resume(run).manifest.status, .finished, "the lock of a process that is gone is taken over")
        XCTAssertFalse(FileManager.default.fileExists(atPath: RunFileName.lock.path(in: run)))
    }

    func testAForcedResumeAfterLoweringEpochsBelowTheCheckpointIsRefusedOnce() throws {
        let run = try interruptedRun(afterBatches: 10)
        try pipeline(epochs: 1)
        XCTAssertThrowsError(try resume(run, force: true)) { error in
            guard case .checkpointPastEpochs(let path, let epoch, let epochs, _)? = error as? RunError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, run + "/checkpoint.safetensors")
            XCTAssertEqual(epoch, 2)
            XCTAssertEqual(epochs, 1)
            XCTAssertTrue(
                "\(error)".contains("the checkpoint is already at epoch 2, past the pipeline's train.epochs 1"),
                "\(error)")
        }
        try pipeline(epochs: 2)
        XCTAssertEqual(try resume(run, force: true).manifest.status, .finished, "raised again, the run finishes")
    }

    func testAModelTensorStoredTransposedOrReshapedIsRefusedByNameAndShapes() throws {
        try pipeline(epochs: 1)
        let run = try PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in }).run(file: file)
            .folder
        let path = run + "/model.safetensors"
        let original = try Safetensors.read(path: path)
        XCTAssertNoThrow(try LoadedModel(modelOrRun: run))
        for (name, stored) in [("conv1.weight", [1, 32, 3, 3]), ("fc3.weight", [128, 4])] {
            var tensors = original.tensors
            let index = try XCTUnwrap(tensors.firstIndex { $0.name == name })
            let expected = tensors[index].shape
            tensors[index].shape = stored
            try Safetensors.write(tensors, metadata: original.metadata, to: path)
            XCTAssertThrowsError(try LoadedModel(modelOrRun: run), name) { error in
                guard case .modelTensorShape(let file, let tensor, let was, let needed)? = error as? RunError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual([file, tensor], [path, name])
                XCTAssertEqual(was, stored)
                XCTAssertEqual(needed, expected)
                XCTAssertTrue(
                    "\(error)".contains(
                        "tensor '\(name)' is stored as \(stored), but the model's network needs \(expected)"),
                    "\(error)")
            }
        }
    }
}
