import XCTest

@testable import TLData

final class IDXTests: XCTestCase {
    private func idx(_ dims: [Int], data: [UInt8]) -> [UInt8] {
        [0, 0, 8, UInt8(dims.count)] + dims.flatMap { d in [24, 16, 8, 0].map { UInt8((d >> $0) & 0xFF) } } + data
    }

    func testRawAndGzipFilesRead() throws {
        let folder = temporaryFolder()
        let pixels = (0..<(3 * 2 * 2)).map { UInt8($0) }
        write(idx([3, 2, 2], data: pixels), to: "\(folder)/train-images-idx3-ubyte")
        write(idx([3], data: [2, 0, 1]), to: "\(folder)/train-labels-idx1-ubyte")
        let gz = "\(folder)/gz.gz"
        write(idx([3], data: [2, 0, 1]), to: "\(folder)/plain")
        let status = Process.run("/bin/sh", ["-c", "gzip -c '\(folder)/plain' > '\(gz)'"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(try IDXFile(path: gz).bytes, [2, 0, 1])
        let data = try index("type: idx\npath: \(folder)")
        XCTAssertEqual(data.classNames, ["0", "1", "2"])
        XCTAssertEqual(data.train.samples.map(\.label), [2, 0, 1])
        XCTAssertEqual(try data.train.image(at: 1).pixels, [4, 5, 6, 7])
    }

    func testLyingHeaderIsAnErrorNamingTheFile() {
        for (name, bytes) in [
            ("short", idx([5, 2, 2], data: [1, 2, 3])), ("long", idx([1], data: [1, 2])),
            ("magic", [1, 0, 8, 1, 0, 0, 0, 1, 7]), ("type", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]),
        ] {
            XCTAssertThrowsError(try IDXFile(bytes: bytes, file: "/x/\(name)-idx")) { error in
                XCTAssertTrue("\(error)".hasPrefix("/x/\(name)-idx: "), "\(error)")
            }
        }
        XCTAssertThrowsError(try IDXFile(bytes: idx([5, 2, 2], data: [1]), file: "f")) {
            XCTAssertTrue("\($0)".contains("header lies about its size"))
        }
    }

    func testTruncatedGzipIsAnError() throws {
        let folder = temporaryFolder()
        write(idx([64], data: (0..<64).map { UInt8($0) }), to: "\(folder)/plain")
        XCTAssertEqual(
            Process.run("/bin/sh", ["-c", "gzip -c '\(folder)/plain' | head -c 20 > '\(folder)/cut.gz'"]), 0)
        XCTAssertThrowsError(try IDXFile(path: "\(folder)/cut.gz")) {
            XCTAssertTrue("\($0)".contains("cut.gz"), "\($0)")
        }
    }

    /// `content` gzip-compressed into `path` by the system's gzip.
    private func gzip(_ content: [UInt8], to path: String) {
        write(content, to: path + ".plain")
        XCTAssertEqual(Process.run("/bin/sh", ["-c", "gzip -c '\(path).plain' > '\(path)'"]), 0)
    }

    func testCompressedDataBeyondWhatTheHeaderDeclaresIsRefusedWithoutInflatingIt() throws {
        let folder = temporaryFolder()
        for (name, dims, extra) in [
            ("images", [100, 28, 28], 4 << 20), ("labels", [10], 1 << 20), ("rank4", [3, 1, 4, 4], 100_000),
        ] {
            let declared = dims.reduce(1, *)
            gzip(idx(dims, data: Array(repeating: 0, count: declared + extra)), to: "\(folder)/\(name).gz")
            XCTAssertThrowsError(try IDXFile(path: "\(folder)/\(name).gz"), name) { error in
                XCTAssertTrue("\(error)".hasPrefix("\(folder)/\(name).gz: "), "\(error)")
                XCTAssertTrue(
                    "\(error)".contains("inflates to more than the \(declared) bytes its header declares"), "\(error)")
            }
        }
    }

    /// Found by scripts/fuzz.sh (fuzz-idx): a compressed file whose header's sizes multiply past 64 bits trapped.
    func testCompressedHeadersWhoseSizesOverflowAreAnError() throws {
        let folder = temporaryFolder()
        for (name, dims) in [
            ("two", [0xFFFF_FFFF, 0xFFFF_FFFF]), ("one", [0xFFFF_FFFF]), ("four", [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF]),
        ] {
            gzip(idx(dims, data: [1, 2, 3]), to: "\(folder)/\(name).gz")
            XCTAssertThrowsError(try IDXFile(path: "\(folder)/\(name).gz"), name) { error in
                XCTAssertTrue("\(error)".hasPrefix("\(folder)/\(name).gz: "), "\(error)")
            }
        }
    }

    func testHeadersDeclaringImagesOverThePixelBudgetAreRefusedFromTheHeader() throws {
        let folder = temporaryFolder()
        for (name, dims) in [
            ("square", [1, 46000, 46000]), ("wide", [2, 10, 5_000_000]), ("deep", [1, 20000, 1000, 3]),
        ] {
            gzip(idx(dims, data: Array(repeating: 0, count: 64)), to: "\(folder)/\(name).gz")
            write(idx(dims, data: Array(repeating: 0, count: 64)), to: "\(folder)/\(name)-raw")
            for path in ["\(folder)/\(name).gz", "\(folder)/\(name)-raw"] {
                XCTAssertThrowsError(try IDXFile(path: path), name) { error in
                    XCTAssertTrue("\(error)".contains("megapixels), more than the 40.0 megapixels"), "\(error)")
                    XCTAssertTrue("\(error)".contains("dataset.max_image_pixels"), "\(error)")
                }
            }
        }
        XCTAssertThrowsError(
            try IDXFile(
                bytes: idx([2, 30, 30], data: Array(repeating: 1, count: 1800)), file: "f",
                budget: PixelBudget(maxPixels: 899))
        ) { XCTAssertTrue("\($0)".contains("(900 pixels)")) }
        XCTAssertEqual(
            try IDXFile(
                bytes: idx([2, 30, 30], data: Array(repeating: 1, count: 1800)), file: "f",
                budget: PixelBudget(maxPixels: 900)
            ).dimensions, [2, 30, 30])
    }

    func testRealFashionMNISTProtocol() throws {
        let folder = "/usr/share/datasets/fashion-mnist"
        guard FileManager.default.fileExists(atPath: "\(folder)/train-images-idx3-ubyte.gz") else {
            throw XCTSkip("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)")
        }
        let lines =
            "type: idx\npath: \(folder)\nclasses: [Pullover, Dress, Coat, Shirt, Ankle boot]\ntrain: {per_class: 50}\ntest: {source: test}"
        let data = try index(lines)
        XCTAssertEqual(data.classNames, ["Pullover", "Dress", "Coat", "Shirt", "Ankle boot"])
        XCTAssertEqual(data.train.classCounts(classCount: 5), [50, 50, 50, 50, 50])
        XCTAssertEqual(data.test?.samples.count, 5000)
        let image = try data.train.image(at: 0)
        XCTAssertEqual([image.width, image.height, image.channels], [28, 28, 1])
        XCTAssertEqual(try index(lines).train.samples, data.train.samples, "same seed, same draw")
        XCTAssertNotEqual(try index(lines, seed: 1).train.samples, data.train.samples)
    }
}

extension Process {
    /// Runs a program and returns its exit status.
    static func run(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
