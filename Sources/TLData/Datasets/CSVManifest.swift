import Foundation
import TLFiles

/// Reads a `path,label` manifest with a header row; paths are relative to the manifest, labels are names or indices.
enum CSVManifest {
    /// One row: the resolved path, the label as written, and the line it is on.
    struct Row {
        var path: String
        var label: String
        var line: Int
    }

    /// The rows of the manifest at `file`.
    static func read(_ file: String) throws -> [Row] {
        try refuseIrregularFile(file)
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw DataError.unreadableManifest(path: file)
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let header = lines.first.map({ fields(String($0)) }),
            let pathColumn = header.firstIndex(of: "path"), let labelColumn = header.firstIndex(of: "label")
        else {
            throw DataError.manifestHeader(path: file)
        }
        let folder = (file as NSString).deletingLastPathComponent
        var rows: [Row] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let values = fields(String(line))
            guard values.count == header.count else {
                throw DataError.manifestFieldCount(
                    path: file, line: offset + 1, fields: values.count, header: header.count)
            }
            let path = values[pathColumn]
            rows.append(
                Row(
                    path: path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path),
                    label: values[labelColumn], line: offset + 1))
        }
        return rows
    }

    /// The comma-separated fields of one line (double quotes group, `""` is a quote).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if character == "\"" {
                if quoted, characters.first == "\"" {
                    current.append("\""); characters.removeFirst()
                } else {
                    quoted.toggle()
                }
            } else if character == ",", !quoted {
                fields.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }

    /// Class names: sorted label names, or "0"..."max" when every label is an integer (rows without a label name none).
    /// Integer labels must number the classes from 0 without gaps that the rows could not fill: a label past the
    /// row count is refused here (every class needs images), before any class is made.
    static func classNames(_ rows: [Row], file: String) throws -> [String] {
        try refuseNormalisationClash(rows, file: file)
        let labels = Set(rows.map(\.label).filter { !$0.isEmpty })
        if labels.allSatisfy({ Int($0).map { $0 >= 0 } ?? false }) {
            let largest = labels.compactMap { Int($0) }.max() ?? 0
            guard largest < max(1, rows.count) else {
                throw DataError.integerLabelsTooLarge(path: file, largest: largest, rows: rows.count)
            }
            return (0...largest).map(String.init)
        }
        return labels.sorted(by: FolderDataset.codePointOrder)
    }

    /// Throws `manifestLabelsClash` for two labels that Swift's canonical equivalence would make one class (an NFC
    /// and an NFD spelling), at the row where the second spelling first appears.
    static func refuseNormalisationClash(_ rows: [Row], file: String) throws {
        var firstSpelling: [String: String] = [:]
        for row in rows where !row.label.isEmpty {
            guard let seen = firstSpelling[row.label] else {
                firstSpelling[row.label] = row.label
                continue
            }
            if !seen.unicodeScalars.elementsEqual(row.label.unicodeScalars) {
                throw DataError.manifestLabelsClash(path: file, line: row.line, labels: [seen, row.label])
            }
        }
    }

    /// The rows as samples labelled by `classNames`; rows naming missing files or unknown labels become errors.
    static func samples(_ rows: [Row], file: String, classNames: [String]) -> (samples: [Sample], bad: [DataError]) {
        var samples: [Sample] = [], bad: [DataError] = []
        for row in rows {
            guard !row.label.isEmpty else {
                bad.append(DataError.manifestEmptyLabel(path: file, line: row.line))
                continue
            }
            guard let label = classNames.firstIndex(of: row.label) else {
                bad.append(
                    DataError.manifestUnknownLabel(path: file, line: row.line, label: row.label, classes: classNames))
                continue
            }
            guard FileManager.default.fileExists(atPath: row.path) else {
                bad.append(DataError.manifestMissingFile(path: row.path, line: row.line, manifest: file))
                continue
            }
            samples.append(Sample(location: row.path, item: samples.count, label: label))
        }
        return (samples, bad)
    }
}
