import Foundation
import TLConfig
import TLGraph
import TLLayerCatalog
import XCTest

/// Runs the validator over the corpus of broken pipelines in `Broken/`.
///
/// Every `*.yaml` file there (except `*.base.yaml`, which other files extend) starts with a header
///
///     # expect: code@line:col, code@line:col, ...
///     # expect-offline            (optional: validate with offline = true)
///
/// listing every error and warning the validator must report for it (notes are ignored), sorted by
/// line, column and code. An empty list is not allowed: every file is broken in some way.
final class BrokenPipelineCorpusTests: XCTestCase {
    /// One expected or reported diagnostic: its code and where it starts.
    struct Expected: Comparable, CustomStringConvertible {
        var code: String
        var line: Int
        var column: Int

        static func < (a: Expected, b: Expected) -> Bool {
            (a.line, a.column, a.code) < (b.line, b.column, b.code)
        }

        var description: String { "\(code)@\(line):\(column)" }
    }

    /// One corpus file with its header and its validation result.
    struct CorpusFile {
        var name: String
        var path: String
        var expected: [Expected]
        var offline: Bool
        /// Why the header could not be read, if it could not.
        var headerProblem: String?
        var result: ValidationResult

        /// Errors and warnings (notes are not part of the expectations), in header order.
        var reported: [Expected] {
            result.diagnostics.filter { $0.severity != .note }
                .map { Expected(code: $0.code, line: $0.span.start.line, column: $0.span.start.column) }
                .sorted()
        }

        /// The diagnostics as `tlrun validate` prints them, for failure messages.
        var rendered: String {
            var renderer = DiagnosticRenderer()
            return renderer.render(result.diagnostics, format: .text)
        }

        /// A failure-message block showing both lists and the rendered diagnostics.
        var report: String {
            """
            \(name)\(offline ? " (offline)" : ""):
              expected: \(expected.map(\.description).joined(separator: ", "))
              reported: \(reported.map(\.description).joined(separator: ", "))
            --- rendered diagnostics ---
            \(rendered)
            """
        }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Broken")

    /// Every corpus file under test, validated once and shared by all tests.
    static let corpus: [CorpusFile] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".base.yaml") }.sorted().map { name in
            let path = folder.appendingPathComponent(name).path
            let header = readHeader(path)
            let result = PipelineValidator.standard.validate(file: path, offline: header.offline)
            return CorpusFile(
                name: name, path: path, expected: header.expected, offline: header.offline,
                headerProblem: header.problem, result: result)
        }
    }()

    /// Reads the `# expect:` and `# expect-offline` header lines of a corpus file.
    static func readHeader(_ path: String) -> (expected: [Expected], offline: Bool, problem: String?) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], false, "cannot read the file") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let prefix = "# expect:"
        guard let first = lines.first, first.hasPrefix(prefix) else {
            return ([], false, "line 1 must be '# expect: code@line:col, ...'")
        }
        let offline = lines.count > 1 && lines[1].trimmingCharacters(in: .whitespaces) == "# expect-offline"
        var expected: [Expected] = []
        for item in first.dropFirst(prefix.count).split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces)
            let parts = text.split(separator: "@")
            let position = parts.count == 2 ? parts[1].split(separator: ":") : []
            guard parts.count == 2, position.count == 2, let line = Int(position[0]), let column = Int(position[1])
            else {
                return (expected, offline, "'\(text)' is not of the form code@line:col")
            }
            expected.append(Expected(code: String(parts[0]), line: line, column: column))
        }
        if expected.isEmpty {
            return (expected, offline, "the header expects no diagnostic, but every corpus file is broken")
        }
        if expected != expected.sorted() {
            return (expected, offline, "the header is not sorted by line, column and code")
        }
        return (expected, offline, nil)
    }

    // MARK: - The corpus itself

    func testCorpusHasAtLeastFortyFilesWithValidHeaders() {
        let corpus = Self.corpus
        XCTAssertGreaterThanOrEqual(
            corpus.count, 40, "the corpus in \(Self.folder.path) has only \(corpus.count) files")
        for file in corpus {
            XCTAssertNil(file.headerProblem, "\(file.name): \(file.headerProblem ?? "")")
        }
    }

    // MARK: - Exact diagnostics

    func testEveryFileReportsExactlyTheExpectedDiagnostics() {
        for file in Self.corpus where file.headerProblem == nil {
            XCTAssertEqual(file.reported, file.expected, "diagnostics differ for \(file.report)")
        }
    }

    func testEveryFileIsInvalidOrExplicitlyExpectsOnlyWarnings() {
        for file in Self.corpus {
            if file.result.isValid {
                let warnings = file.result.diagnostics.filter { $0.severity == .warning }
                    .map { Expected(code: $0.code, line: $0.span.start.line, column: $0.span.start.column) }.sorted()
                XCTAssertFalse(file.expected.isEmpty, "\(file.name) is valid and expects nothing:\n\(file.report)")
                XCTAssertEqual(
                    warnings, file.expected,
                    "\(file.name) is reported valid (no error): a corpus file must be invalid, or its header must list exactly the warnings it gets:\n\(file.report)"
                )
            }
        }
    }

    // MARK: - Diagnostic quality

    func testEveryDiagnosticHasAMessageAndPointsAtTheFileUnderTest() {
        for file in Self.corpus {
            for d in file.result.diagnostics {
                XCTAssertFalse(
                    d.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                    "\(file.name): \(d.code) at \(d.span) has an empty message")
                XCTAssertFalse(d.code.isEmpty, "\(file.name): a diagnostic at \(d.span) has no code")
                if d.code.hasPrefix("extends/") {
                    // An extends problem may sit in a base file the pipeline extends.
                    XCTAssertTrue(
                        d.span.file == file.path || file.result.config.files.contains(d.span.file),
                        "\(file.name): \(d.code) points at '\(d.span.file)', neither the file nor one of its bases \(file.result.config.files)"
                    )
                } else {
                    XCTAssertEqual(
                        d.span.file, file.path, "\(file.name): \(d.code) points at another file:\n\(file.report)")
                }
            }
        }
    }

    func testEveryErrorSaysHowToFixItOrWhatWasExpected() {
        var lacking: [String: [String]] = [:]
        for file in Self.corpus {
            for d in file.result.diagnostics where d.severity == .error {
                let hasHint = !(d.hint ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                let hasExpected = !(d.expected ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                if !hasHint && !hasExpected {
                    lacking[d.code, default: []].append("\(file.name):\(d.span.start): \(d.message)")
                }
            }
        }
        for (code, places) in lacking.sorted(by: { $0.key < $1.key }) {
            XCTFail(
                "error code \(code) has neither a hint nor an expected value:\n  " + places.joined(separator: "\n  "))
        }
    }

    // MARK: - Output formats

    func testJSONAndGitHubRenderingsAreWellFormed() throws {
        for file in Self.corpus {
            let diagnostics = file.result.diagnostics
            var renderer = DiagnosticRenderer()

            let json = renderer.render(diagnostics, format: .json)
            let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8))
            guard let objects = parsed as? [[String: Any]] else {
                XCTFail("\(file.name): JSON output is not an array of objects:\n\(json)")
                continue
            }
            XCTAssertEqual(
                objects.count, diagnostics.count,
                "\(file.name): JSON has \(objects.count) entries for \(diagnostics.count) diagnostics")
            for (object, d) in zip(objects, diagnostics) {
                XCTAssertEqual(object["code"] as? String, d.code, "\(file.name): JSON code")
                XCTAssertEqual(object["severity"] as? String, d.severity.rawValue, "\(file.name): JSON severity")
                XCTAssertEqual(object["file"] as? String, d.span.file, "\(file.name): JSON file")
                XCTAssertEqual(object["line"] as? Int, d.span.start.line, "\(file.name): JSON line")
                XCTAssertEqual(object["column"] as? Int, d.span.start.column, "\(file.name): JSON column")
                XCTAssertFalse((object["message"] as? String ?? "").isEmpty, "\(file.name): JSON message")
            }

            let github = renderer.render(diagnostics, format: .github)
            let lines = github.split(separator: "\n", omittingEmptySubsequences: true)
            XCTAssertEqual(
                lines.count, diagnostics.count, "\(file.name): one GitHub annotation line per diagnostic:\n\(github)")
            XCTAssertTrue(
                github.isEmpty || github.hasSuffix("\n"), "\(file.name): GitHub output must end with a newline")
            for (line, d) in zip(lines, diagnostics) {
                switch d.severity {
                case .error, .warning:
                    XCTAssertTrue(
                        line.hasPrefix("::error ") || line.hasPrefix("::warning "),
                        "\(file.name): GitHub line does not start with '::error ' or '::warning ': \(line)")
                    XCTAssertTrue(
                        line.hasPrefix("::\(d.severity.rawValue) "),
                        "\(file.name): GitHub level is not \(d.severity.rawValue): \(line)")
                case .note:
                    XCTAssertTrue(line.hasPrefix("::notice "), "\(file.name): a note must be a GitHub notice: \(line)")
                }
                XCTAssertTrue(
                    line.contains("line=\(d.span.start.line),col=\(d.span.start.column)"),
                    "\(file.name): GitHub line lacks the position \(d.span.start): \(line)")
                let afterProperties =
                    line.dropFirst(2).range(of: "::").map { line.dropFirst(2)[$0.upperBound...] } ?? ""
                XCTAssertFalse(afterProperties.isEmpty, "\(file.name): GitHub line has no message: \(line)")
            }
        }
    }
}
