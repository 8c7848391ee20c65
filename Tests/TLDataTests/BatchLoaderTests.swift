import XCTest

@testable import TLData

final class BatchLoaderTests: XCTestCase {
    private func loader(_ data: DatasetIndex, lines: String = "", batch: Int = 16, seed: Int = 0) throws -> BatchLoader
    {
        let spec = try datasetSpec("type: synthetic\n" + lines, in: temporaryFolder()).spec
        return try BatchLoader(
            split: data.train, preprocessing: Preprocessing(spec: spec), batchSize: batch, training: true, seed: seed)
    }

    private func epoch(_ loader: BatchLoader, _ number: Int) throws -> [Batch] {
        loader.start(epoch: number)
        var batches: [Batch] = []
        while let batch = try loader.nextBatch() { batches.append(batch) }
        return batches
    }

    func testEpochCoversEverySampleOnceInSeededOrder() throws {
        let data = try index("type: synthetic\nimages: 100\nclasses: 4\nsize: 8")
        let first = try loader(data, lines: "augment:\n  - {op: hflip}")
        let batches = try epoch(first, 0)
        XCTAssertEqual(batches.map(\.count), [16, 16, 16, 16, 16, 16, 4])
        XCTAssertEqual(batches[0].shape, [16, 1, 8, 8])
        XCTAssertEqual(batches.flatMap(\.labels).count, 100)
        XCTAssertEqual(Set(first.order(epoch: 0)), Set(0..<100))
        XCTAssertNotEqual(first.order(epoch: 0), first.order(epoch: 1), "reshuffled every epoch")
        let again = try epoch(try loader(data, lines: "augment:\n  - {op: hflip}"), 0)
        XCTAssertEqual(again.map(\.images), batches.map(\.images), "same seed, same batches and augmentation")
        XCTAssertEqual(again.map(\.labels), batches.map(\.labels))
    }

    func testMixedSizesAreAnErrorNamingTheFile() throws {
        let folder = temporaryFolder()
        write(tinyPNG(1, size: 8), to: "\(folder)/images/a/1.png")
        write(tinyPNG(1, size: 9), to: "\(folder)/images/a/2.png")
        let data = try index("type: folder\npath: images", in: folder)
        let mixed = try BatchLoader(
            split: data.train, preprocessing: Preprocessing(spec: try datasetSpec("type: synthetic", in: folder).spec),
            batchSize: 2, training: false, seed: 0)
        XCTAssertThrowsError(try mixed.nextBatch()) { XCTAssertTrue("\($0)".contains("2.png"), "\($0)") }
    }

    func testMemoryDoesNotGrowWithTheDataSet() throws {
        _ = try residentBytes()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let count = 10_000
        for i in 0..<count { write(tinyPNG(i % 200, size: 16), to: "\(folder)/images/c\(i % 4)/\(i).png") }
        let data = try index("type: folder\npath: images", in: folder)
        XCTAssertEqual(data.train.samples.count, count)
        let streaming = try BatchLoader(
            split: data.train, preprocessing: Preprocessing(spec: try datasetSpec("type: synthetic", in: folder).spec),
            batchSize: 64, training: true, seed: 0)
        var before = 0, seen = 0
        streaming.start(epoch: 0)
        while let batch = try streaming.nextBatch() {
            seen += batch.count
            if batch.index == 10 { before = try residentBytes() }
        }
        let growth = try residentBytes() - before
        XCTAssertEqual(seen, count)
        XCTAssertLessThan(growth, 40 << 20, "an epoch over 10k images grew the process by \(growth >> 20) MB")
    }

    /// The process's resident memory from Linux's `/proc/self/statm`; the test is skipped where there is none.
    private func residentBytes() throws -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
            throw XCTSkip("this system has no /proc/self/statm to read the resident memory from")
        }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else {
            throw XCTSkip("/proc/self/statm has no resident size: \(text)")
        }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
