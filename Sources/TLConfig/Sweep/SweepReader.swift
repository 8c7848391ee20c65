import Foundation

/// Reads a schema-checked sweep file into a `SweepSpec`, reporting what the schema cannot say: base pipelines that
/// cannot be read, configurations without one, distributions out of order, nothing varied, keys varied twice, more
/// trials than `SweepSpec.maximumTrials` (counted before any is made).
struct SweepReader {
    let file: String
    let root: YAMLNode
    private(set) var problems: [Diagnostic] = []

    init(file: String, root: YAMLNode) {
        self.file = file
        self.root = root
    }

    /// The sweep, or nil when a problem (here or the schema's) leaves it without a name or pipelines.
    mutating func read() -> SweepSpec? {
        let pipeline = root[SweepSchema.pipeline.name].flatMap { pipelineFile($0, "pipeline") }
        let configurations = readConfigurations(base: pipeline)
        let grid = (root["grid"]?.pairs ?? []).compactMap { pair -> SweepSpec.Axis? in
            guard let values = pair.value.items, !values.isEmpty else { return nil }
            return SweepSpec.Axis(key: pair.key.scalarText ?? "", values: values)
        }
        let random = readRandom()
        checkVaried(grid: grid, random: random, configurations: configurations)
        let randomCount = SweepSchema.count.read(root["random"]) ?? 0
        checkTrialCount(configurations: configurations.count, grid: grid, randomDraws: random.isEmpty ? 1 : randomCount)
        guard let name = SweepSchema.name.read(root) else { return nil }
        return SweepSpec(
            file: file, name: name, pipeline: pipeline, configurations: configurations, grid: grid,
            randomCount: randomCount, randomSeed: SweepSchema.seed.read(root["random"]), random: random)
    }

    /// Reports a sweep of more than `SweepSpec.maximumTrials` trials, multiplying its counts with overflow checks, at
    /// `random.count` when the draws alone are too many and at `grid` otherwise.
    private mutating func checkTrialCount(configurations: Int, grid: [SweepSpec.Axis], randomDraws: Int) {
        let limit = SweepSpec.maximumTrials
        let count = SweepSpec.trialCount(
            configurations: configurations, gridSizes: grid.map(\.values.count), randomDraws: randomDraws)
        guard count > limit else { return }
        let total = count == Int.max ? "more than \(Int.max)" : "\(count)"
        let counts =
            (["\(max(1, configurations)) configuration(s)"] + grid.map { "\($0.values.count) values of \($0.key)" }
            + ["\(randomDraws) random draw(s)"]).joined(separator: " × ")
        let hint = "split the sweep into several files, or vary fewer keys or values"
        if randomDraws > limit, let node = root["random"]?[SweepSchema.count.name] {
            report(
                "sweep/too-many-trials", node, "random.count",
                "random search draws \(randomDraws) trials for each grid point, over the limit of \(limit) trials in a sweep",
                expected: "at most \(limit) trials", hint: "lower random.count, or " + hint)
        } else {
            report(
                "sweep/too-many-trials", root["grid"] ?? root["random"] ?? root, "grid",
                "the sweep has \(total) trials (\(counts)), over the limit of \(limit)",
                expected: "at most \(limit) trials", hint: hint)
        }
    }

    private mutating func report(
        _ code: String, _ node: YAMLNode, _ path: String, _ message: String, expected: String? = nil,
        hint: String? = nil
    ) {
        problems.append(
            Diagnostic(
                .error, code: code, at: node.span, path: path, message: message, expected: expected,
                got: node.scalarText ?? node.kindDescription, hint: hint))
    }

    /// The pipeline file `node` names, relative to the sweep file, when it is readable.
    private mutating func pipelineFile(_ node: YAMLNode, _ path: String) -> String? {
        let written = node.string ?? ""
        let resolved =
            written.hasPrefix("/")
            ? written : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(written)
        if !written.isEmpty, FileManager.default.isReadableFile(atPath: resolved) { return resolved }
        report(
            "file/missing", node, path,
            "the base pipeline '\(written)' is not a readable file (paths are relative to the sweep file)")
        return nil
    }

    /// The named configurations, each on its own pipeline or `base`.
    private mutating func readConfigurations(base: String?) -> [SweepSpec.Configuration] {
        guard let node = root["configurations"] else {
            if root[SweepSchema.pipeline.name] == nil {
                report("key/missing", root, "pipeline", "a sweep needs the base pipeline", expected: "pipeline: <file>")
            }
            return []
        }
        var configurations: [SweepSpec.Configuration] = []
        for (index, item) in (node.items ?? []).enumerated() {
            guard let pairs = item.pairs else { continue }
            let path = "configurations[\(index)]"
            let own = item[SweepSchema.configurationPipeline.name].flatMap { pipelineFile($0, path + ".pipeline") }
            if item[SweepSchema.configurationPipeline.name] == nil && base == nil
                && root[SweepSchema.pipeline.name] == nil
            {
                report(
                    "key/missing", item, path + ".pipeline",
                    "this configuration names no pipeline and the sweep has no 'pipeline'",
                    expected: "pipeline: <file> here or at the top of the sweep file")
            }
            let ownKeys = SweepSchema.configuration.fields.map(\.name)
            let overrides = pairs.filter { !ownKeys.contains($0.key.scalarText ?? "") }.map { pair -> Override in
                let key = pair.key.scalarText ?? ""
                return Override(
                    path: ConfigPath(parsing: key), value: pair.value, text: "\(key)=\(pair.value.flowText)")
            }
            let label = SweepSchema.label.read(item) ?? overrides.map(\.text).joined(separator: ", ")
            if let pipeline = own ?? base {
                configurations.append(
                    SweepSpec.Configuration(
                        label: label.isEmpty ? "configuration \(index + 1)" : label, pipeline: pipeline,
                        overrides: overrides))
            }
        }
        return configurations
    }

    /// Random search's keys and distributions.
    private mutating func readRandom() -> [SweepSpec.RandomKey] {
        var random: [SweepSpec.RandomKey] = []
        for pair in root["random"]?["values"]?.pairs ?? [] {
            let key = pair.key.scalarText ?? ""
            if let distribution = SweepFile.distribution(pair.value) {
                random.append(SweepSpec.RandomKey(key: key, distribution: distribution, span: pair.value.span))
            } else if pair.value.pairs?.count == 1 {
                report(
                    "value/range", pair.value, "random.values.\(key)", "a random key's range must go from low to high",
                    expected: "[low, high] with low < high (and 0 < low for log_uniform)")
            }
        }
        return random
    }

    /// Reports a sweep that varies nothing, and keys varied twice or both varied and set by a configuration.
    private mutating func checkVaried(
        grid: [SweepSpec.Axis], random: [SweepSpec.RandomKey], configurations: [SweepSpec.Configuration]
    ) {
        let varied = grid.map(\.key) + random.map(\.key)
        if grid.isEmpty && random.isEmpty && configurations.isEmpty {
            report(
                "key/missing", root, "grid", "a sweep needs values to vary",
                expected: "grid: {key.path: [values]}, random: {...} or configurations: [...]")
        }
        for key in Set(varied) where varied.filter({ $0 == key }).count > 1 {
            report(
                "key/duplicate", root["grid"] ?? root, key, "'\(key)' is varied twice",
                hint: "vary each key in grid or in random, once")
        }
        for key in Set(varied)
        where configurations.contains(where: { $0.overrides.contains { $0.path.description == key } }) {
            report(
                "key/duplicate", root["configurations"] ?? root, key,
                "'\(key)' is set by a configuration and varied as well",
                hint: "set it in the configurations or vary it in grid/random, not both")
        }
    }
}
