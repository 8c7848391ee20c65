import Foundation

/// A sweep file: a base pipeline and the values to vary by key path, over a grid and by random search, optionally
/// crossed with a list of named configurations (each a set of values, possibly on another base pipeline).
///
/// ```yaml
/// version: 1
/// sweep: cuts
/// pipeline: case1.yaml
/// grid: {slice: [conv1, conv2], optimizer.lr: [0.001, 0.003], seed: [0, 1, 2]}
/// random: {count: 4, seed: 0, values: {optimizer.lr: {log_uniform: [0.0001, 0.01]}}}
/// ```
public struct SweepSpec: Sendable {
    /// One varied key of the grid and its values.
    public struct Axis: Sendable {
        /// The key path as written (`optimizer.lr`), the same paths as `--set`.
        public var key: String
        public var values: [YAMLNode]
    }

    /// One entry of `configurations`: named values set together, on its own base pipeline or the sweep's.
    public struct Configuration: Sendable {
        /// The name shown in the results (`label:`, or the values as `key=value` text).
        public var label: String
        /// The base pipeline this configuration runs.
        public var pipeline: String
        /// The values it sets, as overrides positioned in the sweep file.
        public var overrides: [Override]
    }

    /// How random search draws one key's value.
    public enum Distribution: Sendable {
        case uniform(Double, Double)
        case logUniform(Double, Double)
        case choice([YAMLNode])
    }

    /// One key of the random search.
    public struct RandomKey: Sendable {
        public var key: String
        public var distribution: Distribution
        /// Where the distribution was written (drawn values are reported there).
        public var span: SourceSpan
    }

    /// The sweep file as named by the user.
    public var file: String
    /// The sweep's name (its results go to `runs/<name>/<id>/`).
    public var name: String
    /// The base pipeline, as a path usable from the working folder (nil when every configuration names its own).
    public var pipeline: String?
    /// Named configurations crossed with the grid (empty: the grid alone).
    public var configurations: [Configuration] = []
    public var grid: [Axis]
    /// Random draws per grid point (0: no random search), their seed and keys.
    public var randomCount: Int
    public var randomSeed: Int
    public var random: [RandomKey]
    /// Overrides every trial gets (`tlrun sweep --set`).
    public var fixed: [String] = []

    /// The keys that vary, grid first, in file order.
    public var variedKeys: [String] {
        (configurations.isEmpty ? [] : [Self.configurationKey]) + grid.map(\.key) + random.map(\.key)
    }

    /// Every base pipeline the trials run, in first-use order.
    public var basePipelines: [String] {
        var seen: [String] = []
        for file in (configurations.isEmpty ? [pipeline].compactMap { $0 } : configurations.map(\.pipeline))
        where !seen.contains(file) { seen.append(file) }
        return seen
    }

    /// The most trials a sweep may have (a sweep file is refused above it, before any trial is made).
    public static let maximumTrials = 100_000

    /// How many trials `trials()` makes, counted before any is made (`Int.max` when the product overflows).
    public var trialCount: Int {
        Self.trialCount(
            configurations: configurations.count, gridSizes: grid.map(\.values.count),
            randomDraws: random.isEmpty ? 1 : randomCount)
    }

    /// The trials of `configurations` (0: none named) crossed with grid axes of `gridSizes` values and `randomDraws`
    /// draws for each point, multiplied with overflow checks (`Int.max` when the product overflows).
    static func trialCount(configurations: Int, gridSizes: [Int], randomDraws: Int) -> Int {
        ([max(1, configurations)] + gridSizes + [randomDraws]).reduce(1) { count, factor in
            let (product, overflow) = count.multipliedReportingOverflow(by: factor)
            return overflow ? Int.max : product
        }
    }

    /// The results' column naming a trial's configuration.
    public static let configurationKey = "configuration"
}
