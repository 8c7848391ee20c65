import Foundation

/// A sweep file: a base pipeline and the values to vary by key path, over a grid and by random search.
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
    /// The base pipeline, as a path usable from the working folder.
    public var pipeline: String
    public var grid: [Axis]
    /// Random draws per grid point (0: no random search), their seed and keys.
    public var randomCount: Int
    public var randomSeed: Int
    public var random: [RandomKey]
    /// Overrides every trial gets (`tlrun sweep --set`).
    public var fixed: [String] = []

    /// The keys that vary, grid first, in file order.
    public var variedKeys: [String] { grid.map(\.key) + random.map(\.key) }
}
