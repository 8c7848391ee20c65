import Foundation
import XCTest

/// Inputs whose numbers ask for more memory, time or threads than a machine has: each is refused with exit status 1
/// and a located error, quickly and in little memory, under a 4 GB address-space limit (with `prlimit`, when it exists).
final class ResourceBudgetTests: XCTestCase {
    private static let prlimit = "/usr/bin/prlimit"
    private static let time = "/usr/bin/time"

    /// Runs `tlrun arguments` under `prlimit --as=4000000000` (measured by `/usr/bin/time`) when both exist, plainly
    /// otherwise; returns the result and its peak resident memory in kilobytes (0 unmeasured).
    private func budgeted(_ arguments: [String]) throws -> (result: CommandResult, peakKilobytes: Int) {
        let tools =
            FileManager.default.isExecutableFile(atPath: Self.prlimit)
            && FileManager.default.isExecutableFile(atPath: Self.time)
        guard tools else { return (try runCommand(tlrunBinary, arguments), 0) }
        var result = try runCommand(
            Self.prlimit, ["--as=4000000000", Self.time, "-f", "peak-rss-kb %M", tlrunBinary] + arguments)
        var peak = 0
        if let line = result.stderr.split(separator: "\n").last(where: { $0.hasPrefix("peak-rss-kb ") }) {
            peak = Int(line.dropFirst("peak-rss-kb ".count)) ?? 0
            result.stderr = result.stderr.replacingOccurrences(of: line + "\n", with: "")
        }
        if result.status != 0,
            let line = result.stderr.split(separator: "\n").last(where: {
                $0.hasPrefix("Command exited with non-zero status")
            })
        {
            result.stderr = result.stderr.replacingOccurrences(of: line + "\n", with: "")
        }
        return (result, peak)
    }

    /// Asserts that `tlrun arguments` exits 1 within 500 MB, saying each of `fragments`.
    private func assertRefused(
        _ arguments: [String], saying fragments: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let (result, peak) = try budgeted(arguments)
        let text = result.stdout + result.stderr
        XCTAssertEqual(result.status, 1, "\(arguments): \(text)", file: file, line: line)
        XCTAssertLessThan(peak, 500_000, "\(arguments) peaked at \(peak) kB", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(
                text.contains(fragment), "\(arguments) does not say '\(fragment)': \(text)", file: file, line: line)
        }
    }

    private func pipeline(_ folder: String, _ name: String, _ text: String) throws -> String {
        let file = folder + "/\(name).yaml"
        try (text + "\noutput: {dir: \(folder)/runs}\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private func inlineModel(input: String, layers: String, train: String = "{epochs: 1, batch_size: 8}") -> String {
        """
        version: 1
        name: budget
        source: {model: [\(layers)], input: \(input), classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 40}
        head: []
        freeze: none
        train: \(train)
        """
    }

    func testShapesWhoseArithmeticOverflowsAreLocatedErrors() throws {
        let folder = temporaryFolder("budget-shapes")
        let conv = try pipeline(
            folder, "conv",
            inlineModel(
                input: "[1, 100000000, 100000000]",
                layers:
                    "{op: conv2d, out_channels: 64, kernel_size: 3}, {op: flatten}, {op: linear, out_features: classes}"
            ))
        try assertRefused(["validate", conv], saying: ["\(conv):3:", "shape/too-large"])
        let linear = try pipeline(
            folder, "linear",
            inlineModel(
                input: "[1, 28, 28]",
                layers: "{op: flatten}, {op: linear, out_features: 9223372036854775807}"))
        try assertRefused(["validate", linear], saying: ["\(linear):3:", "shape/too-large"])
    }

    func testAPlanThatCannotBeAllocatedIsRefusedByValidateSummaryAndRun() throws {
        let folder = temporaryFolder("budget-plan")
        let large = try pipeline(
            folder, "large",
            inlineModel(
                input: "[3, 20000, 20000]",
                layers:
                    "{op: conv2d, out_channels: 8, kernel_size: 3}, {op: global_avgpool}, {op: linear, out_features: classes}",
                train: "{epochs: 1, batch_size: 32}"))
        for command in ["validate", "summary", "run"] {
            try assertRefused(
                [command, large],
                saying: ["\(large):7:", "memory/plan-too-large", "batch size 32", "over the memory budget"])
        }
        let batch = try pipeline(
            folder, "batch",
            inlineModel(
                input: "[1, 28, 28]", layers: "{op: flatten}, {op: linear, out_features: classes}",
                train: "{epochs: 1, batch_size: 100000000}"))
        try assertRefused(["validate", batch], saying: ["memory/plan-too-large", "batch size 100000000"])
    }

    func testSyntheticDataAndThreadCountsOverTheirLimitsAreRefused() throws {
        let folder = temporaryFolder("budget-settings")
        let model = "{op: flatten}, {op: linear, out_features: classes}"
        let images = try pipeline(
            folder, "images",
            inlineModel(input: "[1, 28, 28]", layers: model)
                .replacingOccurrences(of: "images: 40", with: "images: 1000000000"))
        try assertRefused(["validate", images], saying: ["dataset.images", "1000000"])
        let size = try pipeline(
            folder, "size",
            inlineModel(input: "[1, 100000, 100000]", layers: model)
                .replacingOccurrences(of: "images: 40", with: "images: 40, size: 100000"))
        try assertRefused(["validate", size], saying: ["data/image-too-large", "dataset.max_image_pixels"])
        let threads = try pipeline(
            folder, "threads",
            inlineModel(
                input: "[1, 28, 28]", layers: model,
                train: "{epochs: 1, batch_size: 8, threads: 100000}"))
        try assertRefused(["validate", threads], saying: ["train.threads", "1024"])
    }

    func testAMillionTrialSweepIsRefusedByValidateAndSweep() throws {
        let folder = temporaryFolder("budget-sweep")
        _ = try pipeline(
            folder, "base",
            inlineModel(input: "[1, 28, 28]", layers: "{op: flatten}, {op: linear, out_features: classes}"))
        let tenValues = "[" + (0..<10).map(String.init).joined(separator: ", ") + "]"
        let grid = (0..<6).map { "  train.k\($0): \(tenValues)" }.joined(separator: "\n")
        let sweep = folder + "/sweep.yaml"
        try "version: 1\nsweep: huge\npipeline: base.yaml\ngrid:\n\(grid)\n".write(
            toFile: sweep, atomically: true, encoding: .utf8)
        for command in ["validate", "sweep"] {
            try assertRefused([command, sweep], saying: ["\(sweep):5:", "sweep/too-many-trials", "1000000 trials"])
        }
    }

    func testAliasesExpandingToGigabytesOfTextAreRefused() throws {
        let folder = temporaryFolder("budget-yaml")
        let long = String(repeating: "x", count: 1000)
        let hundred = { (name: String) in Array(repeating: "*\(name)", count: 100).joined(separator: ", ") }
        let file = folder + "/bomb.yaml"
        try
            "a: &a \(long)\nb: &b [\(hundred("a"))]\nc: &c [\(hundred("b"))]\nd: &d [\(hundred("c"))]\ne: [\(hundred("d"))]\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        try assertRefused(["validate", file], saying: ["yaml/alias-bomb", "bytes of text"])
    }

    func testAGzipIDXFileDeclaringATerabyteIsRefusedFromItsHeader() throws {
        let folder = temporaryFolder("budget-idx")
        let data = folder + "/idx"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let header: [UInt8] =
            [0, 0, 8, 3]
            + [100_000_000, 100, 100].flatMap { value in
                (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
            }
        try gzip(header + [UInt8](repeating: 0, count: 1 << 16), to: data + "/train-images-idx3-ubyte.gz")
        try gzip([0, 0, 8, 1, 0, 0, 0, 2, 0, 1], to: data + "/train-labels-idx1-ubyte.gz")
        let file = try pipeline(
            folder, "idx",
            """
            version: 1
            name: budget-idx
            source: {model: seed-cnn, classes: 10, weights: random}
            dataset: {type: idx, path: idx}
            head: []
            freeze: none
            train: {epochs: 1, batch_size: 8}
            """)
        try assertRefused(
            ["run", file, "--quiet"], saying: ["train-images-idx3-ubyte.gz", "100000000x100x100", "memory budget"])
    }

    /// Writes `bytes` gzip-compressed to `path` with the system's gzip.
    private func gzip(_ bytes: [UInt8], to path: String) throws {
        let raw = path.replacingOccurrences(of: ".gz", with: "")
        try Data(bytes).write(to: URL(fileURLWithPath: raw))
        let result = try runCommand("/usr/bin/env", ["gzip", "-f", raw])
        XCTAssertEqual(result.status, 0, result.stderr)
    }
}
