import Foundation

/// One run of a sweep: the base pipeline with its values set.
public struct SweepTrial: Sendable {
    /// 0-based position in the sweep.
    public var index: Int
    /// The base pipeline the trial runs.
    public var pipeline: String
    /// The varied values, in `SweepSpec.variedKeys` order, as YAML flow text (`conv2`, `0.001`, `{before: fc3}`).
    public var values: [(key: String, text: String)]
    /// The values as overrides whose nodes keep their position in the sweep file.
    public var overrides: [Override]

    /// The overrides as `key=value` text, as `--set` takes them.
    public var overrideTexts: [String] { overrides.map(\.text) }

    /// `key=value, ...`, for messages.
    public var label: String { values.map { "\($0.key)=\($0.text)" }.joined(separator: ", ") }
}

extension SweepSpec {
    /// Every trial: each configuration (in file order) with each grid point (the cartesian product, the first key
    /// varying slowest) and each of `randomCount` random draws when there is random search (draws are seeded, so the
    /// same file gives the same trials).
    public func trials() -> [SweepTrial] {
        var points: [[(key: String, node: YAMLNode)]] = [[]]
        for axis in grid {
            points = points.flatMap { point in axis.values.map { point + [(axis.key, $0)] } }
        }
        var random = SplitMix(seed: UInt64(bitPattern: Int64(randomSeed)))
        var trials: [SweepTrial] = []
        let bases: [Configuration?] = configurations.isEmpty ? [nil] : configurations
        for base in bases {
            for point in points {
                for _ in 0..<(self.random.isEmpty ? 1 : randomCount) {
                    let all = point + self.random.map { (key: $0.key, node: Self.draw($0, using: &random)) }
                    let named = base.map { [(key: Self.configurationKey, text: $0.label)] } ?? []
                    trials.append(
                        SweepTrial(
                            index: trials.count, pipeline: base?.pipeline ?? pipeline ?? "",
                            values: named + all.map { ($0.key, $0.node.flowText) },
                            overrides: (base?.overrides ?? [])
                                + all.map {
                                    Override(
                                        path: ConfigPath(parsing: $0.key), value: $0.node,
                                        text: "\($0.key)=\($0.node.flowText)")
                                }))
                }
            }
        }
        return trials
    }

    /// One value of a random key, as a node positioned at the distribution.
    static func draw(_ key: RandomKey, using random: inout SplitMix) -> YAMLNode {
        switch key.distribution {
        case .uniform(let low, let high):
            return YAMLNode(value: .scalar(Self.number(low + (high - low) * random.unit()), .plain), span: key.span)
        case .logUniform(let low, let high):
            return YAMLNode(
                value: .scalar(Self.number(exp(log(low) + (log(high) - log(low)) * random.unit())), .plain),
                span: key.span)
        case .choice(let nodes):
            return nodes[Int(random.next() % UInt64(nodes.count))]
        }
    }

    /// A drawn number with 4 significant digits.
    static func number(_ value: Double) -> String { String(format: "%.4g", value) }
}

/// SplitMix64: the small seeded generator random search draws from.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

extension YAMLNode {
    /// The node as YAML flow text: a scalar as written (quoted when it was), `[a, b]`, `{k: v}`.
    public var flowText: String {
        switch value {
        case .scalar(let text, let style):
            switch style {
            case .plain: return text
            default:
                return "\""
                    + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
        case .sequence(let items): return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\($0.key.flowText): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}
