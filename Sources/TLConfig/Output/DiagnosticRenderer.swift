import Foundation
import TLFiles

/// Turns diagnostics into text for people, JSON for tools, or GitHub workflow annotations.
public struct DiagnosticRenderer {
    /// The output formats `tlrun validate --format` accepts.
    public enum Format: String, CaseIterable, Sendable {
        case text, json, github
    }

    private var sourceCache: [String: [Substring]] = [:]

    /// Creates a renderer.
    public init() {}

    /// Renders `diagnostics` in `format`; text and github end with a newline.
    public mutating func render(_ diagnostics: [Diagnostic], format: Format) -> String {
        switch format {
        case .text: return diagnostics.map { text($0) }.joined()
        case .json: return JSONValue.array(diagnostics.map(Self.json)).rendered() + "\n"
        case .github: return diagnostics.map(Self.github).joined()
        }
    }

    /// One diagnostic as text: the headline, the source line with a caret, expected/got, trace and hint.
    public mutating func text(_ d: Diagnostic) -> String {
        var out =
            "\(d.span.file):\(d.span.start.line):\(d.span.start.column): \(d.severity.rawValue)[\(d.code)]: \(d.message)\n"
        if let line = sourceLine(d.span) {
            let number = String(d.span.start.line)
            let gutter = String(repeating: " ", count: number.count)
            let startColumn = max(1, d.span.start.column)
            let endColumn =
                d.span.end.line == d.span.start.line ? max(d.span.end.column, startColumn + 1) : line.count + 1
            let width = max(1, min(endColumn, line.count + 1) - startColumn)
            out += " \(number) | \(line)\n"
            out +=
                " \(gutter) | " + String(repeating: " ", count: startColumn - 1) + "^"
                + String(repeating: "~", count: max(0, width - 1)) + "\n"
        }
        if !d.path.isEmpty && d.path != "(root)" { out += "    at: \(d.path)\n" }
        if let expected = d.expected { out += "    expected: \(expected)\n" }
        if let got = d.got { out += "    got:      \(got)\n" }
        if !d.trace.isEmpty {
            out += "    shape trace:\n" + d.trace.map { "      \($0)\n" }.joined()
        }
        if let hint = d.hint { out += "    hint: \(hint)\n" }
        return out
    }

    private mutating func sourceLine(_ span: SourceSpan) -> String? {
        if span.file.hasPrefix("--set ") {
            return span.start.line == 1 ? String(span.file.dropFirst(6)) : nil
        }
        guard !span.isSynthesized else { return nil }
        if sourceCache[span.file] == nil {
            guard RegularFile.irregularKind(at: span.file) == nil,
                let data = FileManager.default.contents(atPath: span.file),
                data.count <= 1 << 20
            else { return nil }
            // YAML's line breaks: LF, CRLF (one Character in Swift) and a lone CR.
            sourceCache[span.file] = String(decoding: data, as: UTF8.self).split(
                omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        }
        guard let lines = sourceCache[span.file], span.start.line >= 1, span.start.line <= lines.count else {
            return nil
        }
        return String(lines[span.start.line - 1].prefix(300))
    }

    /// One diagnostic as a JSON object.
    public static func json(_ d: Diagnostic) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("severity", .string(d.severity.rawValue)),
            ("code", .string(d.code)),
            ("file", .string(d.span.file)),
            ("line", .int(d.span.start.line)),
            ("column", .int(d.span.start.column)),
            ("end_line", .int(d.span.end.line)),
            ("end_column", .int(d.span.end.column)),
            ("path", .string(d.path)),
            ("message", .string(d.message)),
        ]
        if let expected = d.expected { pairs.append(("expected", .string(expected))) }
        if let got = d.got { pairs.append(("got", .string(got))) }
        if let hint = d.hint { pairs.append(("hint", .string(hint))) }
        if !d.trace.isEmpty { pairs.append(("trace", .array(d.trace.map(JSONValue.string)))) }
        return .object(pairs)
    }

    /// One diagnostic as a GitHub Actions workflow command (`::error file=...::message`).
    public static func github(_ d: Diagnostic) -> String {
        let level = d.severity == .note ? "notice" : d.severity.rawValue
        var message = d.message
        if let expected = d.expected { message += " (expected \(expected)" + (d.got.map { ", got \($0)" } ?? "") + ")" }
        if let hint = d.hint { message += ". Hint: \(hint)" }
        let properties = [
            "file=\(escapeProperty(d.span.file))", "line=\(d.span.start.line)", "col=\(d.span.start.column)",
            "endLine=\(d.span.end.line)", "endColumn=\(d.span.end.column)", "title=\(escapeProperty(d.code))",
        ].joined(separator: ",")
        return "::\(level) \(properties)::\(escapeData(message))\n"
    }

    private static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(
            of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
