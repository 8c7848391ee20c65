import Foundation

/// Reads a sweep file into a `SweepSpec`, reporting every problem at its file:line:col.
public enum SweepFile {
    /// The top-level keys of a sweep file.
    static var keys: [String] { SweepSchema.keys.map(\.name) }

    /// True when `file` parses as a mapping with a top-level `sweep` key (a sweep file rather than a pipeline).
    public static func isSweep(_ file: String) -> Bool {
        (try? YAMLReader.parse(file: file))?["sweep"] != nil
    }

    /// The sweep in `file`, or nil with the diagnostics that say why.
    public static func read(_ file: String) -> (spec: SweepSpec?, diagnostics: [Diagnostic]) {
        var problems: [Diagnostic] = []
        func report(_ code: String, _ node: YAMLNode, _ path: String, _ message: String, expected: String? = nil, hint: String? = nil) {
            problems.append(Diagnostic(.error, code: code, at: node.span, path: path, message: message, expected: expected,
                                       got: node.scalarText ?? node.kindDescription, hint: hint))
        }
        let root: YAMLNode
        do {
            root = try YAMLReader.parse(file: file)
        } catch let error as YAMLError {
            return (nil, [Diagnostic(.error, code: error.code, at: error.span, path: "", message: error.problem, hint: error.hint)])
        } catch {
            return (nil, [Diagnostic(.error, code: "yaml/io", at: .wholeFile(file), path: "", message: "\(error)")])
        }
        guard let pairs = root.pairs else {
            report("type/mismatch", root, "(root)", "a sweep file must be a mapping", expected: "version:, sweep:, pipeline:, configurations:, grid: or random:")
            return (nil, problems)
        }
        for pair in pairs where !keys.contains(pair.key.scalarText ?? "") {
            report("key/unknown", pair.key, pair.key.scalarText ?? "", "unknown key in a sweep file",
                   expected: keys.joined(separator: ", "), hint: Suggestions.didYouMean(pair.key.scalarText ?? "", in: keys))
        }
        if let version = root["version"], version.int != 1 {
            report("version/unsupported", version, "version", "this tlrun reads sweep files of version 1", expected: "1")
        }
        let name = root["sweep"]?.string
        if name == nil || name!.isEmpty || name!.contains("/") {
            report("key/missing", root["sweep"] ?? root, "sweep", "a sweep needs a name (its results go to runs/<name>/)",
                   expected: "sweep: <name without '/'>")
        }
        func pipelineFile(_ node: YAMLNode, _ path: String) -> String? {
            let written = node.string ?? ""
            let resolved = written.hasPrefix("/") ? written : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(written)
            if !written.isEmpty, FileManager.default.isReadableFile(atPath: resolved) { return resolved }
            report("file/missing", node, path, "the base pipeline '\(written)' is not a readable file (paths are relative to the sweep file)")
            return nil
        }
        let pipeline = root["pipeline"].flatMap { pipelineFile($0, "pipeline") }
        var configurations: [SweepSpec.Configuration] = []
        if let node = root["configurations"] {
            if node.items?.isEmpty != false {
                report("type/mismatch", node, "configurations", "'configurations' is a non-empty list of mappings",
                       expected: "[{label: <name>, pipeline: <file>, key.path: value, ...}, ...]")
            }
            for (index, item) in (node.items ?? []).enumerated() {
                let path = "configurations[\(index)]"
                guard let pairs = item.pairs else {
                    report("type/mismatch", item, path, "a configuration maps key paths to values", expected: "{label: <name>, key.path: value, ...}")
                    continue
                }
                let own = item["pipeline"].flatMap { pipelineFile($0, path + ".pipeline") }
                if item["pipeline"] == nil && root["pipeline"] == nil {
                    report("key/missing", item, path + ".pipeline", "this configuration names no pipeline and the sweep has no 'pipeline'",
                           expected: "pipeline: <file> here or at the top of the sweep file")
                }
                let values = pairs.filter { !["label", "pipeline"].contains($0.key.scalarText ?? "") }
                let overrides = values.map { pair -> Override in
                    let key = pair.key.scalarText ?? ""
                    return Override(path: ConfigPath(parsing: key), value: pair.value, text: "\(key)=\(pair.value.flowText)")
                }
                let label = item["label"]?.string ?? overrides.map(\.text).joined(separator: ", ")
                if let base = own ?? pipeline {
                    configurations.append(SweepSpec.Configuration(label: label.isEmpty ? "configuration \(index + 1)" : label, pipeline: base, overrides: overrides))
                }
            }
        } else if root["pipeline"] == nil {
            report("key/missing", root, "pipeline", "a sweep needs the base pipeline", expected: "pipeline: <file>")
        }
        var grid: [SweepSpec.Axis] = []
        if let node = root["grid"] {
            for pair in node.pairs ?? [] {
                let key = pair.key.scalarText ?? ""
                guard let values = pair.value.items, !values.isEmpty else {
                    report("type/mismatch", pair.value, "grid.\(key)", "a grid key needs a non-empty list of values", expected: "[value, ...]")
                    continue
                }
                grid.append(SweepSpec.Axis(key: key, values: values))
            }
            if node.pairs == nil { report("type/mismatch", node, "grid", "'grid' maps key paths to lists of values", expected: "{key.path: [values]}") }
        }
        var random: [SweepSpec.RandomKey] = []
        var count = 0, seed = 0
        if let node = root["random"] {
            count = node["count"]?.int ?? 0
            seed = node["seed"]?.int ?? 0
            if count < 1 { report("value/range", node["count"] ?? node, "random.count", "random search needs a count of draws", expected: "count: <integer ≥ 1>") }
            for pair in node.pairs ?? [] where !["count", "seed", "values"].contains(pair.key.scalarText ?? "") {
                report("key/unknown", pair.key, "random", "unknown key in 'random'", expected: "count, seed, values")
            }
            for pair in node["values"]?.pairs ?? [] {
                let key = pair.key.scalarText ?? ""
                if let distribution = distribution(pair.value) {
                    random.append(SweepSpec.RandomKey(key: key, distribution: distribution, span: pair.value.span))
                } else {
                    report("type/mismatch", pair.value, "random.values.\(key)", "a random key needs one distribution",
                           expected: "{uniform: [low, high]}, {log_uniform: [low, high]} (0 < low < high) or {choice: [values]}")
                }
            }
        }
        let varied = grid.map(\.key) + random.map(\.key)
        if grid.isEmpty && random.isEmpty && configurations.isEmpty {
            report("key/missing", root, "grid", "a sweep needs values to vary", expected: "grid: {key.path: [values]}, random: {...} or configurations: [...]")
        }
        for key in Set(varied) where varied.filter({ $0 == key }).count > 1 {
            report("key/duplicate", root["grid"] ?? root, key, "'\(key)' is varied twice", hint: "vary each key in grid or in random, once")
        }
        for key in Set(varied) where configurations.contains(where: { $0.overrides.contains { $0.path.description == key } }) {
            report("key/duplicate", root["configurations"] ?? root, key, "'\(key)' is set by a configuration and varied as well",
                   hint: "set it in the configurations or vary it in grid/random, not both")
        }
        guard problems.isEmpty, let name else { return (nil, problems) }
        return (SweepSpec(file: file, name: name, pipeline: pipeline, configurations: configurations, grid: grid, randomCount: count,
                          randomSeed: seed, random: random), [])
    }

    /// The distribution a random key's node writes, or nil when it writes none correctly.
    static func distribution(_ node: YAMLNode) -> SweepSpec.Distribution? {
        guard let pair = node.pairs?.first, node.pairs?.count == 1, let kind = pair.key.scalarText else { return nil }
        if kind == "choice" { return pair.value.items.flatMap { $0.isEmpty ? nil : .choice($0) } }
        guard let bounds = pair.value.items?.compactMap(\.double), bounds.count == 2, bounds[0] < bounds[1] else { return nil }
        switch kind {
        case "uniform": return .uniform(bounds[0], bounds[1])
        case "log_uniform": return bounds[0] > 0 ? .logUniform(bounds[0], bounds[1]) : nil
        default: return nil
        }
    }
}
